/** What a baseline says of a report's requirements: the views (JUnit, SARIF, GitHub) ask it, none re-derives it. */
import type { Report, RequirementResult } from './model.js';

/** Whether every failing case of a requirement is known to the report's baseline (then it does not gate). */
export function knownFailures(report: Report): (r: RequirementResult) => boolean {
  const known = new Set(
    report.baseline?.items.filter((i) => i.status === 'known').map((i) => i.fingerprint) ?? [],
  );
  return (r) => {
    const failing = r.cases.filter((c) => c.status === 'fail');
    return failing.length > 0 && failing.every((c) => known.has(c.fingerprint));
  };
}
