import type { Level } from '../catalogue/types.js';
import type { Report } from './model.js';

/** One gallery run: the plant (or the clean reference) and what the suite made of it. */
export interface GalleryRun {
  readonly name: string;
  readonly kind: 'reference' | 'fault' | 'variant';
  readonly summary: string;
  readonly trips: readonly { readonly id: string; readonly level: Level }[];
  /** A variant's documented deviations: requirements it must fail, on answers of the API gateway only. */
  readonly deviations?: readonly string[];
  readonly exitCode: number;
  readonly report: Report;
}

export interface GalleryVerdict {
  readonly name: string;
  readonly kind: GalleryRun['kind'];
  /** Reference and variants: conformant. Faults: killed (every named requirement failed, verdict as its levels say). */
  readonly ok: boolean;
  readonly why: string;
  readonly failed: readonly string[];
}

const failedIds = (r: Report) => r.requirements.filter((q) => q.status === 'fail').map((q) => q.id);

export function judge(run: GalleryRun): GalleryVerdict {
  const failed = failedIds(run.report);
  const errors = run.report.requirements.filter((q) => q.status === 'error').map((q) => q.id);
  // A run stopped from outside says nothing of the plant: neither killed nor survived.
  const interrupted = run.report.summary.interrupted;
  if (interrupted !== undefined)
    return { name: run.name, kind: run.kind, ok: false, why: `not judged: ${interrupted}`, failed };
  if (run.deviations !== undefined) return judgeDeviations(run, failed, errors);
  if (run.kind !== 'fault') {
    const ok = run.exitCode === 0 && run.report.summary.verdict === 'conformant';
    return {
      name: run.name,
      kind: run.kind,
      ok,
      why: ok
        ? 'conformant'
        : `expected exit 0, received ${run.exitCode} (failed: ${[...failed, ...errors].join(', ')})`,
      failed,
    };
  }
  const missed = run.trips.filter((t) => !failed.includes(t.id)).map((t) => t.id);
  const must = run.trips.some((t) => t.level === 'MUST');
  const expectedExit = must ? 1 : 0;
  const ok = missed.length === 0 && run.exitCode === expectedExit;
  const why = ok
    ? must
      ? 'killed: non-conformant'
      : 'killed: SHOULD warning'
    : missed.length > 0
      ? `survived: ${missed.join(', ')} did not fail`
      : `expected exit ${expectedExit}, received ${run.exitCode}`;
  return { name: run.name, kind: run.kind, ok, why, failed };
}

/**
 * A variant with documented deviations (the cloud profile's gateway): exactly those requirements fail, each
 * only on answers of the gateway, nothing is in error, and the exit code is what their levels make it.
 */
function judgeDeviations(
  run: GalleryRun,
  failed: readonly string[],
  errors: readonly string[],
): GalleryVerdict {
  const expected = new Set(run.deviations);
  const extra = failed.filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !failed.includes(id));
  const notGateway = run.report.requirements
    .filter((r) => expected.has(r.id) && r.status === 'fail')
    .filter((r) => r.failures.some((f) => f.gateway === undefined))
    .map((r) => r.id);
  const must = run.report.requirements.some((r) => expected.has(r.id) && r.level === 'MUST');
  const expectedExit = must ? 1 : 0;
  const problems = [
    extra.length > 0 ? `failed beyond its deviations: ${extra.join(', ')}` : '',
    missing.length > 0 ? `deviations that did not fail: ${missing.join(', ')}` : '',
    notGateway.length > 0 ? `failed on answers not of the gateway: ${notGateway.join(', ')}` : '',
    errors.length > 0 ? `in error: ${errors.join(', ')}` : '',
    run.exitCode !== expectedExit ? `expected exit ${expectedExit}, received ${run.exitCode}` : '',
  ].filter((p) => p !== '');
  return {
    name: run.name,
    kind: run.kind,
    ok: problems.length === 0,
    why:
      problems.length === 0
        ? `conformant but for its ${expected.size} documented deviations`
        : problems.join('; '),
    failed,
  };
}

/** What both views of the kill matrix show: the verdicts, the score, and fault × requirement. */
export interface KillMatrix {
  readonly verdicts: readonly GalleryVerdict[];
  readonly summaries: readonly string[];
  readonly killed: number;
  readonly faults: number;
  readonly falseAlarms: number;
  readonly clean: number;
  readonly columns: readonly string[];
  /** One row per fault: ● named and failed, ○ named but passed, × failed as well, '' neither. */
  readonly rows: readonly { readonly name: string; readonly cells: readonly string[] }[];
}

export function killMatrixOf(runs: readonly GalleryRun[]): KillMatrix {
  const verdicts = runs.map(judge);
  const faults = verdicts.filter((v) => v.kind === 'fault');
  const clean = verdicts.filter((v) => v.kind !== 'fault');
  const columns = [
    ...new Set(runs.flatMap((r) => [...r.trips.map((t) => t.id), ...failedIds(r.report)])),
  ].sort();
  const rows = runs
    .filter((r) => r.kind === 'fault')
    .map((run) => {
      const failed = new Set(failedIds(run.report));
      const named = new Set(run.trips.map((t) => t.id));
      return {
        name: run.name,
        cells: columns.map((id) =>
          named.has(id) ? (failed.has(id) ? '●' : '○') : failed.has(id) ? '×' : '',
        ),
      };
    });
  return {
    verdicts,
    summaries: runs.map((r) => r.summary),
    killed: faults.filter((v) => v.ok).length,
    faults: faults.length,
    falseAlarms: clean.filter((v) => !v.ok).length,
    clean: clean.length,
    columns,
    rows,
  };
}

export const scoreLine = (m: KillMatrix) =>
  `Mutation score: ${m.killed}/${m.faults} faults killed (${((100 * m.killed) / Math.max(m.faults, 1)).toFixed(1)} %).`;
export const falseAlarmLine = (m: KillMatrix) =>
  `False alarms: ${m.falseAlarms} of ${m.clean} conformant servers (the reference and ${m.clean - 1} variants).`;

/** reports/kill-matrix.md: the score, then fault × requirement. */
export function renderKillMatrix(runs: readonly GalleryRun[], seconds: number): string {
  const m = killMatrixOf(runs);
  const lines = [
    '# Kill matrix',
    '',
    `Generated by \`kms-conformance gallery\` (${runs.length} runs, ${seconds.toFixed(0)} s).`,
    '',
    `**${scoreLine(m)}** ${falseAlarmLine(m)}`,
    '',
    '| server | kind | outcome |',
    '|---|---|---|',
    ...m.verdicts.map(
      (v, i) =>
        `| \`${v.name}\` | ${v.kind} | ${v.ok ? '' : '**'}${v.why}${v.ok ? '' : '**'} — ${m.summaries[i] ?? ''} |`,
    ),
    '',
    '## Fault × requirement',
    '',
    '● named by the fault and failed · ○ named but not failed · × failed as well',
    '',
    `| fault | ${m.columns.join(' | ')} |`,
    `|---|${m.columns.map(() => '---').join('|')}|`,
    ...m.rows.map((r) => `| \`${r.name}\` | ${r.cells.join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
