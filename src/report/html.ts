/**
 * report.html: the report for a person, rendered from report.json alone. Verdict and coverage first, then
 * the requirements by family (filterable by level and status), each failure with its request, its answer
 * and a curl to copy, and the command that reproduces the run.
 */
import type { Level } from '../catalogue/types.js';
import { baselineSection, comparisonSection, coverageSection } from './html-gate.js';
import { copyable, esc, page } from './html-page.js';
import type { Failure, Report, RequirementResult, Status } from './model.js';

const levels: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];
const statuses: readonly Status[] = ['fail', 'error', 'skip', 'pass'];

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function failureBlock(r: RequirementResult, f: Failure, i: number): string {
  const id = `${r.id}-${i}`;
  return `<details>
<summary>${esc(f.test)}: ${esc(f.message.split('\n')[0]?.slice(0, 200) ?? '')}</summary>
<p>${esc(f.message)}</p>
${f.request !== undefined ? `<h3>Request</h3><pre>${esc(pretty(f.request))}</pre>` : ''}
${f.response !== undefined ? `<h3>Answer</h3><pre>${esc(pretty(f.response))}</pre>` : ''}
${f.gateway ? `<p><strong>Answered by the API gateway</strong> (${esc(f.gateway)}), not by the service behind it: a deviation your team may accept.</p>` : ''}
${f.timeline ? `<h3>Timeline</h3><ol>${f.timeline.map((t) => `<li>${t.afterMs} ms: ${t.status}${t.unsettled ? ` (${esc(t.unsettled)})` : ''}</li>`).join('')}</ol>` : ''}
${f.curl ? `<h3>Replay</h3>${copyable(`curl-${id}`, 'curl', f.curl)}` : ''}
${f.requestId ? `<p>Request id: <code>${esc(f.requestId)}</code></p>` : ''}
</details>`;
}

function requirementRows(r: RequirementResult): string {
  const detail = [
    r.reason ? `<p class="muted">${esc(r.reason)}</p>` : '',
    r.recorded
      ? `<p class="muted">recorded on ${esc(r.recorded.target)} (${esc(r.recorded.recordedOn)}): <span class="s-${r.recorded.status}">${r.recorded.status}</span></p>`
      : '',
    ...r.observations.slice(0, 5).map((o) => `<p class="muted">observed: ${esc(o)}</p>`),
    ...r.failures.slice(0, 5).map((f, i) => failureBlock(r, f, i)),
    r.failures.length > 5 ? `<p class="muted">${r.failures.length - 5} more in report.json</p>` : '',
  ].join('');
  return `<tr data-level="${r.level}" data-status="${r.status}">
<td><code>${esc(r.id)}</code></td><td>${r.level}</td><td class="s-${r.status}">${r.status.toUpperCase()}</td>
<td>${esc(r.title)}${detail}</td></tr>`;
}

function familySection(family: string, rows: readonly RequirementResult[]): string {
  return `<section data-family="${esc(family)}" aria-labelledby="family-${esc(family)}">
<h2 id="family-${esc(family)}">${esc(family)}</h2>
<table>
<thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Status</th><th scope="col">What it checks</th></tr></thead>
<tbody>
${rows.map(requirementRows).join('\n')}
</tbody>
</table>
</section>`;
}

function filters(): string {
  const box = (kind: string, value: string, checked: boolean) =>
    `<label><input type="checkbox" data-filter="${kind}" value="${value}"${checked ? ' checked' : ''}> ${value}</label>`;
  return `<form aria-label="Filters">
<fieldset><legend>Level</legend>${levels.map((l) => box('level', l, true)).join(' ')}</fieldset>
<fieldset><legend>Status</legend>${statuses.map((s) => box('status', s, true)).join(' ')}</fieldset>
<p id="shown" aria-live="polite"></p>
</form>`;
}

export function renderHtml(report: Report): string {
  const s = report.summary;
  const coverage = levels
    .map(
      (l) =>
        `<tr><th scope="row">${l}</th><td>${s.coverage[l].checked} / ${s.coverage[l].total}</td>${statuses
          .map((st) => `<td>${s.counts[l][st]}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const families = [...new Set(report.requirements.map((r) => r.family))];
  const notes = [
    ...s.errors.map((e) => `error: ${e}`),
    s.interrupted,
    s.stoppedEarly && `stopped early: ${s.stoppedEarly}`,
  ]
    .filter((n): n is string => typeof n === 'string')
    .map((n) => `<p>${esc(n)}</p>`)
    .join('');
  const body = `<h1>kms-conformance report</h1>
<p>Verdict: <span class="verdict v-${s.verdict}">${s.verdict}</span>
${s.warnings > 0 ? ` with ${s.warnings} SHOULD warning(s)` : ''}${report.baseline ? `; with the baseline: <span class="verdict v-${report.baseline.verdict}">${report.baseline.verdict}</span>` : ''}</p>
<p class="muted">${esc(report.target.embedded ? 'embedded reference' : report.target.url)} · ${report.edition} edition ·
seed ${report.seed} · ${esc(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s ·
${report.requests.sent} requests · keys created ${report.keys.created.length} · kms-conformance ${esc(report.tool.version)}</p>
${notes}
<table aria-label="Coverage by level">
<thead><tr><th scope="col">Level</th><th scope="col">Checked</th>${statuses.map((st) => `<th scope="col">${st}</th>`).join('')}</tr></thead>
<tbody>
${coverage}
</tbody>
</table>
${baselineSection(report)}
${comparisonSection(report)}
<h2>Reproduce this run</h2>
${copyable('command', 'command', report.command ?? `npx kms-conformance run --seed ${report.seed}`)}
<h2>Requirements</h2>
${filters()}
${families
  .map((f) =>
    familySection(
      f,
      report.requirements.filter((r) => r.family === f),
    ),
  )
  .join('\n')}
${coverageSection(report)}`;
  return page(`kms-conformance: ${s.verdict}`, body, true);
}
