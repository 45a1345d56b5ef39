/**
 * How a request is shown to a person: a curl command that replays it, and excerpts of long bodies. A body of
 * a megabyte (the padded-body check) would make a command nobody can paste and that the shell refuses (one
 * argument may hold 128 KiB at most), and copying it into every piece of evidence cost the run more than the
 * request itself: long runs of one character are piped in as `head -c N /dev/zero | tr`, so the command stays
 * short and still sends the same bytes.
 */
import type { RecordedRequest } from './exchange.js';

/** Characters of a body or answer that evidence keeps. */
export const excerptChars = 4096;

/** A run of one character this long or longer is generated in the shell, not written out. */
const longRun = 256;
/** The characters a run may consist of: safe inside single quotes and as `tr`'s second set. */
const foldable = /^[ A-Za-z0-9_]$/;
/** A body still longer than this once its runs are folded is cut: the command says so. */
const maxInlineBody = 64 * 1024;

export function excerpt(text: string): string {
  return text.length <= excerptChars
    ? text
    : `${detached(text.slice(0, excerptChars))}… (${text.length} characters in all)`;
}

/**
 * A copy of a piece of a long string that does not hold on to the whole: V8 makes a slice a view of its
 * parent, so an excerpt kept as evidence would keep a megabyte answer alive for as long as the evidence.
 */
export function detached(piece: string): string {
  return Buffer.from(piece, 'utf8').toString('utf8');
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** A curl command that replays the request; secrets appear as $KMSCT_TOKEN, never as values. */
export function toCurl(request: RecordedRequest): string {
  const headers = Object.entries(request.headers).map(([k, v]) =>
    k.toLowerCase() === 'x-auth-token' ? `-H "X-Auth-Token: $KMSCT_TOKEN"` : `-H ${quote(`${k}: ${v}`)}`,
  );
  const curl = (data: string) =>
    ['curl -sS -X', request.method, ...headers, '--data-binary', data, quote(request.url)].join(' ');
  const body = request.body;
  const folded = body.length > excerptChars ? runsOf(body) : [];
  if (folded.length === 0) {
    if (body.length <= maxInlineBody) return curl(quote(body));
    return `# the body (${body.length} characters) is too long to replay here; its first ${excerptChars} are sent\n${curl(quote(body.slice(0, excerptChars)))}`;
  }
  const parts: string[] = [];
  let at = 0;
  for (const run of folded) {
    if (run.start > at) parts.push(`printf '%s' ${quote(body.slice(at, run.start))}`);
    parts.push(`head -c ${run.end - run.start} /dev/zero | tr '\\0' ${quote(body[run.start] as string)}`);
    at = run.end;
  }
  if (at < body.length) parts.push(`printf '%s' ${quote(body.slice(at))}`);
  return `{ ${parts.join('; ')}; } | ${curl('@-')}`;
}

/** The long runs of one foldable character, in order (a linear scan: a regular expression with a
 * back-reference overflows the stack on a megabyte-long run). */
function runsOf(body: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (let start = 0; start < body.length; ) {
    const code = body.charCodeAt(start);
    let end = start + 1;
    while (end < body.length && body.charCodeAt(end) === code) end++;
    if (end - start >= longRun && foldable.test(body[start] as string)) found.push({ start, end });
    start = end;
  }
  return found;
}
