import { requirementsFor } from '../catalogue/index.js';
import { familiesOf, type Shard, shardLabel } from '../catalogue/shards.js';
import type { Edition, Level, Requirement } from '../catalogue/types.js';
import type { Capability } from '../config/run-context.js';
import type { CleanedKey, CreatedKey } from '../config/state.js';
import type { Finding } from '../findings/finding.js';
import { type SkipKind, skipped } from '../findings/skips.js';
import type { KeyPhaseFacts } from '../judge/facts.js';
import type { Tally } from '../transport/answer-tally.js';
import { exercisedOf } from './coverage.js';
import type {
  Counts,
  Coverage,
  Failure,
  KeyPhaseSummary,
  Report,
  RequirementResult,
  Status,
  Verdict,
} from './model.js';

export interface ReportInputs {
  readonly version: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly target: Report['target'];
  readonly edition: Edition;
  readonly seed: number;
  readonly numRuns: number;
  readonly runId: string;
  readonly strict: boolean;
  readonly allowIncomplete?: boolean;
  readonly grep?: string;
  /** This run is one shard of several: the requirements of the others are skipped (kind "shard"). */
  readonly shard?: Shard;
  /** The command line that reproduces the run (secrets as environment variables). */
  readonly command?: string;
  readonly keys?: KeyPhaseFacts;
  /** Nothing ran (start-up failed): the reason every requirement gives. */
  readonly notRun?: string;
  /** A signal ended the run early. */
  readonly interrupted?: string;
  /** The run's limits stopped it early (deadline, a silent target). */
  readonly stoppedEarly?: string;
  /** Every finding of the run, from the key phase, the checks and the end of the run. */
  readonly findings: readonly Finding[];
  /** Time the checks of a requirement took, summed. */
  readonly durationOf?: (requirement: string) => number;
  readonly created: readonly CreatedKey[];
  readonly cleaned: readonly CleanedKey[];
  readonly capabilities: Readonly<Record<string, Capability>>;
  readonly requests: { readonly sent: number; readonly retries: number };
  /** What the answers showed, counted (statuses of create-key, error codes): for the coverage. */
  readonly answers?: Tally;
  readonly errors: readonly string[];
  /** A recording of another target (run --backed-by): what it did, beside what the spec derives. */
  readonly backedBy?: {
    readonly target: string;
    readonly recordedOn: string;
    readonly requirements: Readonly<Record<string, Status>>;
  };
}

/**
 * A requirement's status from its findings: a failure the target caused outweighs a check we could not
 * finish; then our errors; then whether it was checked whole. Part of it left out for a reason other than
 * an operation the target lacks (the budget, a time limit) leaves it a skip, not a pass.
 */
function statusOf(
  findings: readonly Finding[],
  selected: boolean,
): { status: Status; reason?: string; skipKind?: SkipKind } {
  if (findings.some((f) => f.status === 'fail')) return { status: 'fail' };
  const crashed = findings.find((f) => f.status === 'error');
  if (crashed) return { status: 'error', reason: crashed.message };
  const skips = findings.filter((f) => f.status === 'skip');
  const partial = skips.find((f) => f.skipKind !== 'capability');
  if (findings.some((f) => f.status === 'pass') && !partial) return { status: 'pass' };
  const why = partial ?? skips[0];
  if (why) return { status: 'skip', reason: why.message, skipKind: why.skipKind ?? 'other' };
  const none = selected ? skipped.other('no check of this requirement ran') : skipped.selection('by --grep');
  return { status: 'skip', reason: none.reason, skipKind: none.kind };
}

/** Many answers can break one rule every answer keeps: the first few show it, the count says how often. */
const alwaysOnShown = 5;

function failuresOf(findings: readonly Finding[]): Failure[] {
  const failed = findings.filter((f) => f.status === 'fail');
  const alwaysOn = failed.filter((f) => f.alwaysOn);
  const shown = [...failed.filter((f) => !f.alwaysOn), ...alwaysOn.slice(0, alwaysOnShown)];
  const times = (f: Finding) => 1 + (f.repeats ?? 0);
  const total = alwaysOn.reduce((n, f) => n + times(f), 0);
  return shown.map((f) => {
    const last = f.evidence.at(-1);
    const note = f.alwaysOn && total > 1 ? ` (one of ${total} answers that break it)` : '';
    return {
      test: f.where ?? f.case,
      case: f.case,
      fingerprint: f.fingerprint,
      ...(f.aspect !== undefined && { aspect: f.aspect }),
      message: `${f.message}${note}`.slice(0, 4000),
      ...(last && { request: last.request, response: last.response, curl: last.curl }),
      ...(last?.requestId !== undefined && { requestId: last.requestId }),
      ...(last?.gateway !== undefined && { gateway: last.gateway }),
      ...(last?.timeline !== undefined && { timeline: last.timeline }),
    };
  });
}

function emptyCounts(): Counts {
  const zero = (): Record<Status, number> => ({ pass: 0, fail: 0, skip: 0, error: 0 });
  return { MUST: zero(), SHOULD: zero(), MAY: zero() };
}

/**
 * A failure is definitive whatever else happened; then the run's own errors; then whether every gating
 * requirement ran to a conclusion. Gating: MUST, and SHOULD with --strict.
 */
/** Verdict, counts, coverage and warnings of a set of requirement results (a run's, or merged shards'). */
export function summaryOf(results: readonly RequirementResult[], strict: boolean, errors: readonly string[]) {
  const counts = emptyCounts();
  for (const r of results) counts[r.level][r.status]++;
  return {
    verdict: verdictOf(results, strict, errors),
    counts,
    coverage: coverageOf(results),
    warnings: results.filter((r) => r.level === 'SHOULD' && r.status === 'fail').length,
    errors,
  };
}

function verdictOf(
  results: readonly RequirementResult[],
  strict: boolean,
  errors: readonly string[],
): Verdict {
  const gating = (r: RequirementResult) => r.level === 'MUST' || (strict && r.level === 'SHOULD');
  if (results.some((r) => gating(r) && r.status === 'fail')) return 'non-conformant';
  if (errors.length > 0) return 'error';
  const unchecked = results.filter(
    (r) =>
      gating(r) &&
      (r.status === 'error' ||
        (r.status === 'skip' && r.skipKind !== 'capability' && r.skipKind !== 'shard')),
  );
  return unchecked.length > 0 ? 'incomplete' : 'conformant';
}

function coverageOf(results: readonly RequirementResult[]): Coverage {
  const of = (level: Level) => {
    const at = results.filter((r) => r.level === level);
    return { checked: at.filter((r) => r.status === 'pass' || r.status === 'fail').length, total: at.length };
  };
  return { MUST: of('MUST'), SHOULD: of('SHOULD'), MAY: of('MAY') };
}

/** The key phase for the report: what was planned, what each create carried, what was refused. */
function keyPhaseOf(keys: KeyPhaseFacts): KeyPhaseSummary {
  const label = (create: KeyPhaseFacts['creates'][number], key: string) =>
    create.facets.find((f) => f.key === key)?.label ?? key;
  return {
    maxKeys: keys.maxKeys,
    planned: keys.creates.length,
    created: keys.keys.filter((k) => k.replayOf === undefined).length,
    creates: keys.creates.map((c) => ({
      id: c.id,
      ...(c.role && { role: c.role }),
      attempt: c.attempt,
      facets: c.facets.map((f) => f.label),
      refused: c.refused.map((r) => ({ facet: label(c, r.facet), foundBy: r.foundBy })),
      undetermined: c.undetermined.map((u) => ({ facet: label(c, u.facet), reason: u.reason })),
      ...(c.notSent !== undefined && { notSent: c.notSent.reason }),
    })),
    unplanned: keys.unplanned.map((u) => ({
      requirement: u.item.requirement,
      level: u.item.level,
      label: u.item.label,
      reason: u.reason,
    })),
  };
}

/** The canonical report: JUnit, HTML and the terminal summary are views of it. */
export function buildReport(inputs: ReportInputs): Report {
  const grep = inputs.grep !== undefined ? new RegExp(inputs.grep) : undefined;
  const shardFamilies = inputs.shard ? familiesOf(inputs.edition, inputs.shard) : undefined;
  const byRequirement = new Map<string, Finding[]>();
  for (const f of inputs.findings)
    byRequirement.set(f.requirement, [...(byRequirement.get(f.requirement) ?? []), f]);
  const results = requirementsFor(inputs.edition).map((req: Requirement): RequirementResult => {
    const level = req.levels[inputs.edition] as Level;
    const all = byRequirement.get(req.id) ?? [];
    // Selected by --grep, or one of its own checks ran (a --grep on a case's name selects that check).
    const selected =
      grep === undefined ||
      grep.test(`${req.id} ${req.title}`) ||
      all.some((f) => f.where?.startsWith(`${req.id} `));
    // What an unselected requirement met on the way (its rule broken by an answer) still fails it; nothing
    // else of it counts.
    const own = selected ? all : all.filter((f) => f.status === 'fail');
    // Another shard's requirement: skipped, unless this shard saw it broken (a failure is definitive).
    const elsewhere =
      shardFamilies !== undefined && !shardFamilies.has(req.family) && !own.some((f) => f.status === 'fail');
    const { status, reason, skipKind } = inputs.notRun
      ? { status: 'skip' as const, reason: skipped.other(inputs.notRun).reason, skipKind: 'other' as const }
      : elsewhere && inputs.shard
        ? {
            status: 'skip' as const,
            reason: skipped.shard(shardLabel(inputs.shard)).reason,
            skipKind: 'shard' as const,
          }
        : statusOf(own, selected);
    const shown = inputs.notRun || elsewhere ? [] : own;
    return {
      id: req.id,
      level,
      family: req.family,
      title: req.title,
      status,
      ...(reason !== undefined && { reason }),
      ...(status === 'skip' && skipKind !== undefined && { skipKind }),
      observations: [
        ...new Set(shown.flatMap((f) => (f.observation ? [`${f.case}: ${f.observation}`] : []))),
      ],
      tests: shown.length,
      durationMs: inputs.durationOf?.(req.id) ?? 0,
      cases: shown.map((f) => ({ case: f.case, fingerprint: f.fingerprint, status: f.status })),
      failures: failuresOf(shown),
      ...(inputs.backedBy?.requirements[req.id] !== undefined && {
        recorded: {
          target: inputs.backedBy.target,
          recordedOn: inputs.backedBy.recordedOn,
          status: inputs.backedBy.requirements[req.id] as Status,
        },
      }),
    };
  });
  const uniqueCreated = [
    ...new Map(inputs.created.map((k) => [k.keyId, { keyId: k.keyId, alias: k.alias }])).values(),
  ];
  return {
    tool: { name: 'kms-conformance', version: inputs.version },
    startedAt: inputs.startedAt.toISOString(),
    finishedAt: inputs.finishedAt.toISOString(),
    durationMs: inputs.finishedAt.getTime() - inputs.startedAt.getTime(),
    target: inputs.target,
    edition: inputs.edition,
    seed: inputs.seed,
    numRuns: inputs.numRuns,
    runId: inputs.runId,
    strict: inputs.strict,
    ...(inputs.command !== undefined && { command: inputs.command }),
    ...(inputs.shard && { shard: inputs.shard }),
    summary: {
      ...summaryOf(results, inputs.strict, inputs.errors),
      allowIncomplete: inputs.allowIncomplete === true,
      ...(inputs.interrupted !== undefined && { interrupted: inputs.interrupted }),
      ...(inputs.stoppedEarly !== undefined && { stoppedEarly: inputs.stoppedEarly }),
    },
    requirements: results,
    capabilities: inputs.capabilities,
    keys: { created: uniqueCreated, cleaned: inputs.cleaned },
    requests: inputs.requests,
    coverage: exercisedOf({
      edition: inputs.edition,
      results,
      ...(inputs.keys && { keys: inputs.keys }),
      ...(inputs.answers && { answers: inputs.answers }),
    }),
    ...(inputs.keys && { keyPhase: keyPhaseOf(inputs.keys) }),
  };
}

/** The exit code of a verdict: 0 conformant, 1 non-conformant, 2 error, 3 incomplete (0 with --allow-incomplete). */
/** The exit code of a run: its verdict, or with a baseline the verdict with the known failures set aside. */
export function exitCodeOf(report: Report): ExitCode {
  switch (report.baseline?.verdict ?? report.summary.verdict) {
    case 'conformant':
      return 0;
    case 'non-conformant':
      return 1;
    case 'error':
      return 2;
    case 'incomplete':
      return report.summary.allowIncomplete ? 0 : 3;
  }
}

export type ExitCode = 0 | 1 | 2 | 3;
