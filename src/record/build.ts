/**
 * A run's captured exchanges and findings, made a recording (format.ts). The order is canonical, so that two
 * recordings of one seed are byte-identical: cases by requirement and case; within a case, exchanges by their
 * request and answer with every value generic (`<key-id>`), which puts a burst of like requests (the race of
 * one alias) in one order whatever order their answers came in; numbers are then given in that order, and
 * the exchanges sorted once more by their numbered form.
 */
import { createHash } from 'node:crypto';
import { catalogue } from '../catalogue/index.js';
import type { Edition } from '../catalogue/types.js';
import { type Finding, fingerprintOf, type Status } from '../findings/finding.js';
import type { Report } from '../report/model.js';
import type { Captured, CapturedBody } from '../transport/capture.js';
import { bodyClassOf, errorCodeIn } from './classes.js';
import { type RecordedCase, type RecordedExchange, type Recording, recordingFormat } from './format.js';
import { Placeholders, type RunIdentity } from './placeholders.js';

export interface RecordingInput {
  readonly captured: readonly Captured[];
  readonly findings: readonly Finding[];
  readonly report: Report;
  readonly identity: RunIdentity;
  readonly target: string;
  readonly tool: string;
  readonly recordedOn: string;
}

/** Headers kept: what says how to read the answer, and when to come back. */
const keptHeaders = ['content-type', 'retry-after'];
const worst: readonly Status[] = ['fail', 'error', 'skip', 'pass'];

export function buildRecording(input: RecordingInput): Recording {
  const p = new Placeholders(input.identity);
  const tagged = input.captured.filter((c) => c.tag !== undefined);
  const bodies = new Map<Captured, { request: unknown; response: unknown }>();
  for (const c of tagged) {
    const request = parsed(c.request);
    const response = parsed(c.response);
    p.learn(request, 'request');
    p.learn(response, 'answer');
    p.learnProject(c.path);
    bodies.set(c, { request, response });
  }
  const groups = new Map<string, Captured[]>();
  for (const c of tagged) {
    const key = `${c.tag?.requirement}\n${c.tag?.case}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const statuses = caseStatuses(input.findings);
  // Canonical order first, every value generic; then the values a create gives birth to are numbered in that
  // order (see Placeholders.claim); then everything else.
  const ordered = [...groups.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([key, list]) => {
      const generic = new Map(list.map((c) => [c, sortKey(form(p, c, bodies, false))]));
      const sorted = [...list].sort(
        (a, b) => compare(generic.get(a) ?? '', generic.get(b) ?? '') || a.seq - b.seq,
      );
      return [key, sorted] as const;
    });
  for (const [, list] of ordered) for (const c of list) claimBirths(p, c, bodies.get(c));
  const cases: RecordedCase[] = ordered.map(([key, list]) => {
    const [requirement = '', kase = ''] = key.split('\n');
    const numbered = inOrder(list.map((c) => ({ c, x: form(p, c, bodies, true) })));
    const status = statuses.get(key);
    return {
      requirement,
      case: kase,
      fingerprint: fingerprintOf(requirement, kase),
      ...(status !== undefined && { status }),
      exchanges: numbered,
    };
  });
  return {
    format: recordingFormat,
    tool: input.tool,
    catalogue: catalogueHash(),
    target: input.target,
    edition: input.report.edition as Edition,
    seed: input.report.seed,
    recordedOn: input.recordedOn,
    verdict: input.report.summary.verdict,
    requirements: Object.fromEntries(input.report.requirements.map((r) => [r.id, r.status])),
    readings: readingsOf(input.report, p),
    cases,
  };
}

/** The values a create gives birth to: the alias and sequence it sends, the key id and domain id it answers. */
function claimBirths(
  p: Placeholders,
  c: Captured,
  body: { request: unknown; response: unknown } | undefined,
): void {
  if (c.operation !== 'create-key' || body === undefined) return;
  const sent = body.request as { key_alias?: unknown; sequence?: unknown } | undefined;
  for (const v of [sent?.key_alias, sent?.sequence]) if (typeof v === 'string') p.claim(v);
  const info = (body.response as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)
    ?.key_info;
  for (const v of [info?.key_id, info?.domain_id]) if (typeof v === 'string') p.claim(v);
}

function form(
  p: Placeholders,
  c: Captured,
  bodies: ReadonlyMap<Captured, { request: unknown; response: unknown }>,
  numbered: boolean,
): RecordedExchange {
  const body = bodies.get(c);
  const response = p.json(body?.response, numbered);
  const code = errorCodeIn(body?.response);
  const headers = Object.fromEntries(
    Object.entries(c.headers).filter(([k]) => keptHeaders.includes(k.toLowerCase())),
  );
  return {
    operation: c.operation,
    method: c.method,
    path: p.text(c.path, numbered),
    auth: c.auth,
    request: p.json(body?.request, numbered),
    status: c.status,
    ...(code !== undefined && { code }),
    class: c.status === 0 ? 'none' : bodyClassOf(jsonOrUndefined(c.response), c.response.text),
    headers,
    response,
    ...(c.error !== undefined && { error: p.text(c.error, numbered) }),
  };
}

/**
 * A case's exchanges in canonical order (by their numbered form), except where one request was sent again after
 * the last answer to it: a sequence (schedule, schedule again, cancel, cancel again), kept in the order it was
 * made, so that a replay answers the second alike request as the target answered it. Alike requests made at
 * once (a race) stay in canonical order: which of them the target answered first is not the run's to keep.
 */
function inOrder(items: readonly { c: Captured; x: RecordedExchange }[]): RecordedExchange[] {
  const byRequest = new Map<string, { c: Captured; x: RecordedExchange }[]>();
  for (const item of items) {
    const key = requestKey(item.x);
    byRequest.set(key, [...(byRequest.get(key) ?? []), item]);
  }
  const groups = [...byRequest.values()].map((group) => {
    const bySend = [...group].sort((a, b) => a.c.sentTick - b.c.sentTick);
    const sequential = bySend.every((item, i) => i === 0 || (bySend[i - 1]?.c.seq ?? 0) < item.c.sentTick);
    const members = sequential
      ? bySend.map((i) => i.x)
      : group.map((i) => i.x).sort((a, b) => compare(sortKey(a), sortKey(b)));
    return { key: members.map(sortKey).sort()[0] ?? '', members };
  });
  return groups.sort((a, b) => compare(a.key, b.key)).flatMap((g) => g.members);
}

const requestKey = (x: RecordedExchange) => JSON.stringify([x.operation, x.auth, x.path, x.request]);
const sortKey = (x: RecordedExchange) =>
  JSON.stringify([x.operation, x.auth, x.path, x.request, x.status, x.response]);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A body as JSON where it parses; a long body as its head and tail (its hash would hold the run's values). */
function parsed(body: CapturedBody): unknown {
  if (body.bytes !== undefined)
    return { '<long body>': { kib: Math.round(body.bytes / 1024), head: body.text.slice(0, 512) } };
  return jsonOrUndefined(body) ?? body.text;
}

function jsonOrUndefined(body: CapturedBody): unknown {
  if (body.bytes !== undefined || body.text === '') return undefined;
  try {
    return JSON.parse(body.text) as unknown;
  } catch {
    return undefined;
  }
}

/** The worst status of each case's findings of its own requirement. */
function caseStatuses(findings: readonly Finding[]): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const f of findings) {
    const key = `${f.requirement}\n${f.case}`;
    const seen = out.get(key);
    if (seen === undefined || worst.indexOf(f.status) < worst.indexOf(seen)) out.set(key, f.status);
  }
  return out;
}

/** For each question §7 leaves open (a spec row S7-…, not one it implies), what the target was seen to do. */
function readingsOf(report: Report, p: Placeholders): Record<string, readonly string[]> {
  const out: Record<string, string[]> = {};
  for (const r of catalogue) {
    const rows = r.rows.filter((row) => row.startsWith('S7-') && !row.startsWith('S7-IMPLIED'));
    const seen = report.requirements.find((q) => q.id === r.id)?.observations ?? [];
    for (const row of rows) out[row] = [...(out[row] ?? []), ...seen.map((o) => p.text(o, false))];
  }
  return Object.fromEntries(
    Object.entries(out)
      .sort(([a], [b]) => compare(a, b))
      .map(([row, seen]) => [row, [...new Set(seen)].sort()]),
  );
}

export function catalogueHash(): string {
  const text = catalogue.map((r) => `${r.id} ${r.levels.seed ?? '-'} ${r.levels.current ?? '-'}`).join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
