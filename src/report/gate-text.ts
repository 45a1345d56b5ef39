/**
 * The terminal's lines for what gates beside the verdict: the baseline's known, new, expired, unobserved and
 * fixed entries; the comparison with an earlier run; and what the run exercised.
 */
import type { Paint } from './colour.js';
import type { BaselineStatus, Comparison, Report } from './model.js';

const order: readonly BaselineStatus[] = ['new', 'expired', 'known', 'unobserved', 'fixed'];

export function gateLines(report: Report, paint: Paint): string[] {
  const lines: string[] = [];
  const x = report.coverage;
  if (x) {
    const done = x.values.filter((v) => v.exercised).length;
    const sides = (s: string) => x.keywords.filter((k) => k.exercised === s).length;
    const partial = x.requirements.filter((r) => r.partial).length;
    lines.push(
      '',
      `  exercised: ${done}/${x.values.length} derived values; field × keyword both sides ${sides('both')}, one side ${sides('valid only') + sides('invalid only')}, open only ${sides('open only')}, none ${sides('none')}; ${partial} requirement(s) partly; statuses seen ${x.statuses.filter((s) => s.seen > 0).length}/${x.statuses.length}, error codes ${x.codes.filter((c) => c.seen > 0).length}/${x.codes.length}`,
    );
  }
  const b = report.baseline;
  if (b) {
    const c = b.counts;
    lines.push(
      '',
      `  baseline ${b.file}: ${c.new} new, ${c.expired} expired, ${c.known} known, ${c.unobserved} unobserved, ${c.fixed} fixed${c.fixed > 0 ? ' (kms-conformance baseline prune drops the fixed)' : ''}`,
    );
    const tint: Record<BaselineStatus, (s: string) => string> = {
      new: paint.red,
      expired: paint.red,
      known: paint.dim,
      unobserved: paint.yellow,
      fixed: paint.green,
    };
    for (const status of order)
      for (const i of b.items.filter((i) => i.status === status).slice(0, 20))
        lines.push(
          `    ${tint[status](status.padEnd(10))} ${i.level.padEnd(6)} ${i.requirement}  ${i.case.slice(0, 90)}${i.reason && status !== 'new' ? ` (${i.reason.slice(0, 60)}${i.expires ? `, expires ${i.expires}` : ''})` : ''}`,
        );
  }
  if (report.comparison) lines.push(...comparisonLines(report.comparison, paint));
  return lines;
}

/** The comparison with an earlier run: counts, then the new failures and the fixed ones. */
export function comparisonLines(k: Comparison, paint: Paint): string[] {
  const cov = (['MUST', 'SHOULD', 'MAY'] as const)
    .map((l) => `${l} ${k.coverage[l].from}→${k.coverage[l].to}/${k.coverage[l].total}`)
    .join(', ');
  const row = (tint: (s: string) => string, label: string, f: Comparison['fixed'][number]) =>
    `    ${tint(label.padEnd(10))} ${f.level.padEnd(6)} ${f.requirement}  ${f.case.slice(0, 90)}`;
  return [
    '',
    `  compared with ${k.old.file} (${k.old.startedAt.slice(0, 10)}, ${k.old.verdict}): ${k.newFailures.length} new failure(s), ${k.fixed.length} fixed, ${k.changed.length} status change(s); checked ${cov}${k.regression ? ` — ${paint.red('regression')}` : ''}`,
    ...k.newFailures.slice(0, 10).map((f) => row(paint.red, 'new', f)),
    ...k.fixed.slice(0, 10).map((f) => row(paint.green, 'fixed', f)),
    ...k.changed
      .slice(0, 10)
      .map((c) => `    ${'changed'.padEnd(10)} ${c.level.padEnd(6)} ${c.id}  ${c.from} → ${c.to}`),
  ];
}
