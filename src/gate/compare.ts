/**
 * Two runs compared (an older report.json and a newer one): failures by fingerprint, statuses by requirement,
 * coverage by level. A regression is a failure the old run did not have, or a requirement that passed and now
 * fails; a failure that went away is fixed only if its case ran again (a case that did not run is not news).
 */
import { levels } from '../catalogue/types.js';
import type { ComparedFailure, Comparison, Report, Status } from '../report/model.js';

const failuresOf = (report: Report): ComparedFailure[] =>
  report.requirements.flatMap((r) =>
    r.cases
      .filter((c) => c.status === 'fail')
      .map((c) => ({ requirement: r.id, level: r.level, case: c.case, fingerprint: c.fingerprint })),
  );

export function compareReports(old: Report, now: Report, oldFile: string): Comparison {
  const before = failuresOf(old);
  const after = failuresOf(now);
  const had = new Set(before.map((f) => f.fingerprint));
  const has = new Set(after.map((f) => f.fingerprint));
  const ranNow = new Set(
    now.requirements.flatMap((r) =>
      r.cases.filter((c) => c.status === 'pass' || c.status === 'fail').map((c) => `${r.id}\n${c.case}`),
    ),
  );
  const newFailures = after.filter((f) => !had.has(f.fingerprint));
  const fixed = before.filter((f) => !has.has(f.fingerprint) && ranNow.has(`${f.requirement}\n${f.case}`));
  const oldStatus = new Map(old.requirements.map((r) => [r.id, r.status]));
  const ids = [...new Set([...old.requirements.map((r) => r.id), ...now.requirements.map((r) => r.id)])];
  const changed = ids.flatMap((id): Comparison['changed'][number][] => {
    const r = now.requirements.find((q) => q.id === id) ?? old.requirements.find((q) => q.id === id);
    const from: Status | 'absent' = oldStatus.get(id) ?? 'absent';
    const to: Status | 'absent' = now.requirements.find((q) => q.id === id)?.status ?? 'absent';
    return from === to || r === undefined ? [] : [{ id, level: r.level, from, to }];
  });
  const coverage = Object.fromEntries(
    levels.map((level) => [
      level,
      {
        from: old.summary.coverage[level].checked,
        to: now.summary.coverage[level].checked,
        total: now.summary.coverage[level].total,
      },
    ]),
  ) as Comparison['coverage'];
  const regression =
    newFailures.length > 0 || changed.some((c) => c.from === 'pass' && (c.to === 'fail' || c.to === 'error'));
  return {
    old: { file: oldFile, startedAt: old.startedAt, verdict: old.summary.verdict },
    regression,
    newFailures,
    fixed,
    changed,
    coverage,
  };
}
