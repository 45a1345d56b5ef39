/**
 * The sections of report.html beside the requirements: the baseline (known, new, expired, unobserved and fixed
 * apart), the comparison with an earlier run, and what the run exercised as matrices a person can scan.
 */
import { esc } from './html-page.js';
import type { BaselineStatus, CoverageDetail, Report } from './model.js';

const baselineOrder: readonly BaselineStatus[] = ['new', 'expired', 'known', 'unobserved', 'fixed'];

export function baselineSection(report: Report): string {
  const b = report.baseline;
  if (!b) return '';
  const groups = baselineOrder
    .map((status) => {
      const items = b.items.filter((i) => i.status === status);
      if (items.length === 0) return '';
      const rows = items
        .map(
          (i) =>
            `<tr><td><code>${esc(i.requirement)}</code></td><td>${i.level}</td><td>${esc(i.case)}</td><td>${esc(i.reason ?? '')}${i.ticket ? ` (${esc(i.ticket)})` : ''}</td><td>${esc(i.expires ?? '')}</td><td>${esc(i.firstSeen ?? '')} – ${esc(i.lastSeen ?? '')}</td><td><code>${esc(i.fingerprint)}</code></td></tr>`,
        )
        .join('\n');
      return `<h3 id="baseline-${status}">${status} (${items.length})</h3>
<table aria-label="Baseline: ${status}">
<thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Case</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">Seen</th><th scope="col">Fingerprint</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
    })
    .join('\n');
  const c = b.counts;
  return `<h2 id="baseline">Baseline</h2>
<p>${esc(b.file)}: ${c.new} new, ${c.expired} expired, ${c.known} known, ${c.unobserved} unobserved, ${c.fixed} fixed.
With the known failures set aside the verdict is <span class="verdict v-${b.verdict}">${b.verdict}</span>.</p>
${groups}`;
}

export function comparisonSection(report: Report): string {
  const k = report.comparison;
  if (!k) return '';
  const list = (title: string, items: typeof k.newFailures) =>
    items.length === 0
      ? ''
      : `<h3>${title} (${items.length})</h3><ul>${items.map((f) => `<li><code>${esc(f.requirement)}</code> ${f.level}: ${esc(f.case)}</li>`).join('')}</ul>`;
  const changed =
    k.changed.length === 0
      ? ''
      : `<table aria-label="Status changes"><thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Before</th><th scope="col">Now</th></tr></thead><tbody>
${k.changed.map((c) => `<tr><td><code>${esc(c.id)}</code></td><td>${c.level}</td><td class="s-${c.from}">${c.from}</td><td class="s-${c.to}">${c.to}</td></tr>`).join('\n')}
</tbody></table>`;
  const cov = (['MUST', 'SHOULD', 'MAY'] as const)
    .map((l) => `${l} ${k.coverage[l].from} → ${k.coverage[l].to} of ${k.coverage[l].total}`)
    .join(', ');
  return `<h2 id="comparison">Compared with an earlier run</h2>
<p>${esc(k.old.file)} (${esc(k.old.startedAt)}, ${k.old.verdict}): ${k.regression ? '<strong class="s-fail">a regression</strong>' : 'no regression'}. Checked: ${cov}.</p>
${list('New failures', k.newFailures)}${list('Fixed', k.fixed)}${changed}`;
}

const mark: Record<string, string> = {
  both: '● both',
  'valid only': '◐ valid only',
  'invalid only': '◑ invalid only',
  'open only': '○ open only',
  none: '✕ none',
};

/** Field × keyword, each cell the sides the run saw and the counts behind them. */
function keywordMatrix(x: CoverageDetail): string {
  const fields = [...new Set(x.keywords.map((k) => k.field))];
  const keywords = [...new Set(x.keywords.map((k) => k.keyword))];
  const rows = fields.map((field) => {
    const cells = keywords.map((keyword) => {
      const k = x.keywords.find((r) => r.field === field && r.keyword === keyword);
      if (!k) return '<td class="muted">–</td>';
      const n = (c: { total: number; exercised: number }, label: string) =>
        c.total > 0 ? `${label} ${c.exercised}/${c.total}` : '';
      const counts = [n(k.accept, 'valid'), n(k.refuse, 'invalid'), n(k.either, 'open')]
        .filter(Boolean)
        .join(', ');
      return `<td class="x-${k.exercised.replace(' ', '-')}">${mark[k.exercised]}<br><span class="muted">${counts}</span></td>`;
    });
    return `<tr><th scope="row"><code>${esc(field)}</code></th>${cells.join('')}</tr>`;
  });
  return `<table aria-label="Derived values exercised, by field and keyword">
<thead><tr><th scope="col">Field</th>${keywords.map((k) => `<th scope="col">${esc(k)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** key_spec × (key_usage, origin): what each cell must get and whether the run sent it. */
function cellMatrix(x: CoverageDetail): string {
  const specs = [...new Set(x.cells.map((c) => c.key_spec))];
  const columns = [...new Set(x.cells.map((c) => `${c.key_usage} / ${c.origin}`))];
  const rows = specs.map((spec) => {
    const cells = columns.map((col) => {
      const c = x.cells.find((k) => k.key_spec === spec && `${k.key_usage} / ${k.origin}` === col);
      if (!c) return '<td class="muted">–</td>';
      return `<td>${c.expect}${c.exercised ? ' ✓' : ' <span class="s-skip">(not sent)</span>'}</td>`;
    });
    return `<tr><th scope="row"><code>${esc(spec)}</code></th>${cells.join('')}</tr>`;
  });
  return `<table aria-label="Key spec by usage and origin">
<thead><tr><th scope="col">key_spec</th>${columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

export function coverageSection(report: Report): string {
  const x = report.coverage;
  if (!x) return '';
  const done = x.values.filter((v) => v.exercised).length;
  const partial = x.requirements.filter((r) => r.partial);
  const seen = <T extends { seen: number }>(items: readonly T[], name: (t: T) => string) =>
    items
      .map(
        (i) =>
          `<span class="${i.seen > 0 ? 's-pass' : 's-skip'}">${esc(name(i))} ${i.seen > 0 ? `×${i.seen}` : '(not seen)'}</span>`,
      )
      .join(' · ');
  return `<h2 id="coverage">What the run exercised</h2>
<p>${done} of ${x.values.length} derived values (${x.edition} edition; <code>kms-conformance list --derived</code> counts them).
● both sides (a value that must be accepted and one that must be refused), ◐ ◑ one side, ○ only values §7 leaves open, ✕ none.</p>
${keywordMatrix(x)}
<h3>Key spec × usage and origin</h3>
${cellMatrix(x)}
<h3>Partly exercised requirements (${partial.length})</h3>
${partial.length === 0 ? '<p class="muted">none</p>' : `<ul>${partial.map((r) => `<li><code>${esc(r.id)}</code> ${r.level}: ${r.derived.exercised} of ${r.derived.total} derived values</li>`).join('')}</ul>`}
<h3>Documented statuses and error codes seen</h3>
<p>${seen(x.statuses, (s) => String(s.status))}</p>
<p>${seen(x.codes, (c) => c.code)}</p>
<h3>Readings of §7</h3>
<ul>${x.readings.map((r) => `<li><code>${esc(r.row)}</code>: ${r.observed.length === 0 ? '<span class="s-skip">not observed</span>' : `${esc(r.observed.slice(0, 3).join('; '))}${r.observed.length > 3 ? ` (and ${r.observed.length - 3} more)` : ''}`}</li>`).join('')}</ul>`;
}
