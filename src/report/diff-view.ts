/**
 * A diff of two recordings for a person: a table on the terminal, and diff.html (one self-contained file): the
 * differences grouped by requirement, each with both answers side by side and the requests as curls.
 */

import type { Difference, DiffResult, Side } from '../record/diff.js';
import type { RecordedExchange } from '../record/format.js';
import { copyable, esc, page } from './html-page.js';

const sideLine = (name: string, s: Side) =>
  `${name}: ${s.target}, recorded ${s.recordedOn}, seed ${s.seed}, ${s.edition} edition: ${s.verdict}`;

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Differences by requirement, in the order they came. */
function byRequirement(differences: readonly Difference[]): Map<string, Difference[]> {
  const out = new Map<string, Difference[]>();
  for (const d of differences) out.set(d.requirement, [...(out.get(d.requirement) ?? []), d]);
  return out;
}

export function countsOf(d: DiffResult) {
  const open = d.differences.filter((x) => x.allowed === undefined);
  const of = (k: Difference['kind']) => d.differences.filter((x) => x.kind === k).length;
  return {
    total: d.differences.length,
    deviations: of('deviation'),
    readings: of('reading'),
    details: of('detail'),
    allowed: d.differences.length - open.length,
    open: open.length,
  };
}

export function renderDiffText(d: DiffResult): string {
  const lines = ['kms-conformance diff', `  ${sideLine('A', d.a)}`, `  ${sideLine('B', d.b)}`, ''];
  const groups = byRequirement(d.differences);
  if (groups.size > 0)
    lines.push(`  ${'requirement'.padEnd(30)} ${'kind'.padEnd(18)} ${'n'.padStart(4)}  first difference`);
  for (const [requirement, list] of groups) {
    const first = list.find((x) => x.allowed === undefined) ?? (list[0] as Difference);
    const kinds = [...new Set(list.map((x) => x.kind))].join(',');
    const allowed = list.every((x) => x.allowed !== undefined) ? ' (allowed)' : '';
    lines.push(
      `  ${requirement.padEnd(30)} ${kinds.padEnd(18)} ${String(list.length).padStart(4)}  ${`${first.case}: ${first.path} ${shown(first.a)} → ${shown(first.b)}`.slice(0, 110)}${allowed}`,
    );
  }
  const c = countsOf(d);
  lines.push(
    '',
    `  ${c.total} difference(s): ${c.deviations} deviation(s), ${c.readings} reading(s), ${c.details} detail(s); ${c.allowed} allowed`,
    c.open === 0
      ? '  A and B answer alike, up to the allowances'
      : `  A and B differ: ${c.open} difference(s) not allowed`,
    '',
  );
  return lines.join('\n');
}

/** A recorded request as a curl against `base` (placeholders stay: they say what the value was). */
function curlOf(x: RecordedExchange, base: string): string {
  const auth = x.auth.startsWith('token')
    ? " -H 'X-Auth-Token: <token>'"
    : x.auth.startsWith('aksk')
      ? " -H 'Authorization: <SDK-HMAC-SHA256 signature>' -H 'X-Sdk-Date: <date>'"
      : x.auth.startsWith('empty-token')
        ? " -H 'X-Auth-Token;'"
        : x.auth.startsWith('other-token')
          ? " -H 'X-Auth-Token: <another token>'"
          : '';
  const body = typeof x.request === 'string' ? x.request : JSON.stringify(x.request);
  return `curl -X ${x.method} '${base}${x.path}' -H 'Content-Type: application/json'${auth} --data-raw '${body.replaceAll("'", "'\\''")}'`;
}

const baseOf = (s: Side) =>
  /^https?:\/\//.test(s.target) ? s.target.replace(/\/$/, '') : 'http://127.0.0.1:<port>';

function exchangeCell(x: RecordedExchange | undefined, base: string, id: string): string {
  if (x === undefined) return '<td class="muted">no such exchange</td>';
  const answer = { status: x.status, ...(x.code && { code: x.code }), class: x.class, body: x.response };
  return `<td><pre>${esc(JSON.stringify(answer, null, 2))}</pre>${copyable(id, 'curl', curlOf(x, base))}</td>`;
}

export function renderDiffHtml(d: DiffResult): string {
  const c = countsOf(d);
  let n = 0;
  const sections = [...byRequirement(d.differences)].map(([requirement, list]) => {
    const rows = list.map((x) => {
      n++;
      const sides = x.exchanges
        ? `<tr><td colspan="3"><table aria-label="Both answers"><thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody><tr>${exchangeCell(x.exchanges.a, baseOf(d.a), `a-${n}`)}${exchangeCell(x.exchanges.b, baseOf(d.b), `b-${n}`)}</tr></tbody></table></td></tr>`
        : '';
      return `<tr><td>${esc(x.kind)}${x.allowed ? `<br><span class="muted">allowed: ${esc(x.allowed)}</span>` : ''}</td><td>${esc(x.case)}<br><code>${esc(x.path)}</code></td><td><code>${esc(shown(x.a))}</code> → <code>${esc(shown(x.b))}</code></td></tr>${sides}`;
    });
    return `<section aria-labelledby="r-${esc(requirement)}"><h2 id="r-${esc(requirement)}">${esc(requirement)}</h2>
<table><thead><tr><th scope="col">Kind</th><th scope="col">Case and path</th><th scope="col">A → B</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
  });
  const body = `<h1>kms-conformance diff</h1>
<p>${esc(sideLine('A', d.a))}<br>${esc(sideLine('B', d.b))}</p>
<p>${c.total} difference(s): ${c.deviations} deviation(s), ${c.readings} reading(s), ${c.details} detail(s); ${c.allowed} allowed.
<strong>${c.open === 0 ? 'A and B answer alike, up to the allowances.' : `A and B differ: ${c.open} difference(s) not allowed.`}</strong></p>
<p class="muted">A deviation: one side breaks a rule the other keeps. A reading: both keep the rules and took different
sides of what the spec leaves open (§7, error codes). A detail: both keep the rules; they differ where no rule looks.</p>
${sections.join('\n')}`;
  return page(`kms-conformance diff: ${c.open === 0 ? 'alike' : `${c.open} difference(s)`}`, body, true);
}
