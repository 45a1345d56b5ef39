/**
 * GitHub Actions outputs: a job summary in Markdown (for `$GITHUB_STEP_SUMMARY`) and one workflow annotation per
 * failing requirement (`::error title=ID::message`; a SHOULD or MAY failure is a `::warning`, one the baseline
 * knows a `::notice`). Values are escaped as the runner's workflow commands require.
 */
import { knownFailures } from './known.js';
import type { Report } from './model.js';

const escapeData = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

export function annotations(report: Report): string[] {
  const knownOnly = knownFailures(report);
  return report.requirements
    .filter((r) => r.status === 'fail')
    .map((r) => {
      const command = knownOnly(r) ? 'notice' : r.level === 'MUST' ? 'error' : 'warning';
      const first = r.failures[0];
      const message = `${r.title}: ${first?.message.split('\n')[0] ?? 'failed'}${
        first?.curl ? `\nReplay: ${first.curl}` : ''
      }${knownOnly(r) ? '\nKnown (baseline)' : ''}`;
      return `::${command} title=${escapeProperty(`${r.id} (${r.level})`)}::${escapeData(message)}`;
    });
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function jobSummary(report: Report): string {
  const { verdict, coverage } = report.summary;
  const gate = report.baseline ? ` (with the baseline: **${report.baseline.verdict}**)` : '';
  const lines = [
    `## kms-conformance: ${verdict}${gate}`,
    '',
    `Target \`${report.target.url}\`, ${report.edition} edition, seed ${report.seed}. ` +
      `MUST checked ${coverage.MUST.checked}/${coverage.MUST.total}, SHOULD ${coverage.SHOULD.checked}/${coverage.SHOULD.total}, MAY ${coverage.MAY.checked}/${coverage.MAY.total}.`,
    '',
  ];
  const knownOnly = knownFailures(report);
  const failing = report.requirements.filter((r) => r.status === 'fail' || r.status === 'error');
  if (failing.length > 0) {
    lines.push('| requirement | level | status | first failure |', '| --- | --- | --- | --- |');
    for (const r of failing) {
      const status = r.status === 'fail' && knownOnly(r) ? 'fail (known)' : r.status;
      const why = r.failures[0]?.message.split('\n')[0] ?? r.reason ?? '';
      lines.push(`| ${r.id} | ${r.level} | ${status} | ${cell(why.slice(0, 200))} |`);
    }
    lines.push('');
  }
  if (report.baseline) {
    const c = report.baseline.counts;
    lines.push(
      `Baseline \`${report.baseline.file}\`: ${c.new} new, ${c.expired} expired, ${c.known} known, ${c.unobserved} unobserved, ${c.fixed} fixed.`,
      '',
    );
  }
  if (report.comparison) {
    const k = report.comparison;
    lines.push(
      `Compared with \`${k.old.file}\` (${k.old.verdict}): ${k.newFailures.length} new failure(s), ${k.fixed.length} fixed, ${k.changed.length} status change(s)${k.regression ? ' — **regression**' : ''}.`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
