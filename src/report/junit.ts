import { knownFailures } from './known.js';
import type { Failure, Report } from './model.js';

/** XML 1.0 forbids most control characters even as entities; drop them, escape the markup characters. */
function xmlText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') continue;
    out += ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : ch;
  }
  return out;
}

/**
 * JUnit XML: one testsuite per family, one testcase per requirement. A failed MAY is not a JUnit failure
 * (it never fails a run), and a failed SHOULD is one only with --strict; both stay visible in system-out.
 * With a baseline, a requirement whose every failing case is known is no JUnit failure either: it says so in
 * system-out, with each entry's reason; a new or expired case fails it.
 */
export function renderJunit(report: Report): string {
  const families = [...new Set(report.requirements.map((r) => r.family))];
  const items = report.baseline?.items ?? [];
  const knownOnly = knownFailures(report);
  const baselineText = (id: string) =>
    items
      .filter((i) => i.requirement === id)
      .map((i) => `baseline: ${i.status} ${i.case}${i.reason ? ` (${i.reason})` : ''}`)
      .join('\n');
  const suites = families.map((family) => {
    const reqs = report.requirements.filter((r) => r.family === family);
    const gatingLevel = (level: string) => level === 'MUST' || (level === 'SHOULD' && report.strict);
    const gating = (r: Report['requirements'][number]) => gatingLevel(r.level) && !knownOnly(r);
    const failures = reqs.filter((r) => r.status === 'fail' && gating(r)).length;
    const errors = reqs.filter((r) => r.status === 'error').length;
    const skipped = reqs.filter((r) => r.status === 'skip').length;
    const cases = reqs.map((r) => {
      const name = xmlText(`${r.id} [${r.level}] ${r.title}`);
      const details = xmlText(r.failures.map(failureText).join('\n\n'));
      let body = '';
      const noted = baselineText(r.id);
      if (r.status === 'fail' && gating(r))
        body = `<failure message="${xmlText(r.failures[0]?.message.split('\n')[0] ?? 'failed')}">${details}${noted ? `\n${xmlText(noted)}` : ''}</failure>`;
      else if (r.status === 'fail')
        body = `<system-out>${xmlText(knownOnly(r) ? `${r.level} not met: known (baseline)` : `${r.level} not met (warning)`)}\n${details}${noted ? `\n${xmlText(noted)}` : ''}</system-out>`;
      else if (r.status === 'error') body = `<error message="${xmlText(r.reason ?? 'error')}"/>`;
      else if (r.status === 'skip') body = `<skipped message="${xmlText(r.reason ?? 'skipped')}"/>`;
      if (r.observations.length > 0 && r.status !== 'fail')
        body += `<system-out>${xmlText(r.observations.join('\n'))}</system-out>`;
      return `    <testcase classname="kms-conformance.${family}" name="${name}">${body}</testcase>`;
    });
    return `  <testsuite name="${family}" tests="${reqs.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total = report.requirements.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kms-conformance ${xmlText(report.edition)} edition" tests="${total}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A failure as text: where, what, who answered, the replay and the request id. */
export function failureText(f: Failure): string {
  return [
    f.test,
    f.message,
    ...(f.gateway ? [`answered by the API gateway (${f.gateway}), not by the service`] : []),
    ...(f.timeline
      ? [
          `timeline: ${f.timeline.map((t) => `${t.afterMs} ms ${t.status}${t.unsettled ? ` ${t.unsettled}` : ''}`).join('; ')}`,
        ]
      : []),
    ...(f.curl ? [f.curl] : []),
    ...(f.requestId ? [`request id: ${f.requestId}`] : []),
  ].join('\n');
}
