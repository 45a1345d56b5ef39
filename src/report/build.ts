import type { KeyPhaseFacts } from '../config/key-facts.js';
import type { Capability } from '../config/run-context.js';
import { skipKindOf, skipped } from '../config/skips.js';
import type { CleanedKey, CreatedKey, Finding } from '../config/state.js';
import { requirementsFor } from '../spec/catalogue/index.js';
import { familiesOf, type Shard, shardLabel } from '../spec/shards.js';
import type { Edition, Level, Requirement } from '../spec/types.js';
import type {
  Counts,
  Coverage,
  Failure,
  KeyPhaseSummary,
  Report,
  RequirementResult,
  Status,
  TestOutcome,
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
  readonly outcomes: readonly TestOutcome[];
  readonly findings: readonly Finding[];
  readonly created: readonly CreatedKey[];
  readonly cleaned: readonly CleanedKey[];
  readonly capabilities: Readonly<Record<string, Capability>>;
  readonly requests: { readonly sent: number; readonly retries: number };
  readonly errors: readonly string[];
}

/** Our own failures (transport, configuration) carry a KMSCT_ERR code: they are errors, never conformance failures. */
const isOurError = (message: string) => /KMSCT_ERR_[A-Z_]+/.test(message);

/** Findings that only the whole run can see: key_ids reused across files, several domain_ids. */
function runWideFindings(created: readonly CreatedKey[]): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map<string, CreatedKey[]>();
  for (const k of created) byId.set(k.keyId, [...(byId.get(k.keyId) ?? []), k]);
  for (const [keyId, keys] of byId) {
    if (keys.length < 2) continue;
    // An idempotent replay of one sequence may answer with the key it made first (create-key.md §7).
    const sequence = keys[0]?.sequence;
    if (sequence !== undefined && keys.every((k) => k.sequence === sequence)) continue;
    findings.push({
      id: 'CK-KEY-ID-UNIQUE',
      message: `key_id ${keyId} was returned for ${keys.length} creates (aliases ${keys
        .map((k) => k.alias)
        .slice(0, 3)
        .join(', ')})`,
      exchangeId: 0,
      test: keys.map((k) => k.test).join(' | '),
      request: undefined,
      response: undefined,
      curl: '',
    });
  }
  const domains = [...new Set(created.map((k) => k.domainId).filter((d) => d !== ''))];
  if (domains.length > 1) {
    findings.push({
      id: 'CK-DOMAIN-ID-STABLE',
      message: `one set of credentials received ${domains.length} domain_ids: ${domains.slice(0, 3).join(', ')}`,
      exchangeId: 0,
      test: 'the whole run',
      request: undefined,
      response: undefined,
      curl: '',
    });
  }
  return findings;
}

function statusOf(
  tests: readonly TestOutcome[],
  findings: readonly Finding[],
  selected: boolean,
): { status: Status; reason?: string } {
  // A failure the target caused outweighs a check we could not finish: the requirement is broken either way.
  const ours = (t: TestOutcome) => t.state === 'failed' && (t.ours ?? t.messages.some(isOurError));
  const failed = tests.filter((t) => t.state === 'failed' && !ours(t));
  if (failed.length > 0 || findings.length > 0) return { status: 'fail' };
  const crashed = tests.find(ours);
  if (crashed) return { status: 'error', reason: crashed.messages[0] ?? 'error' };
  // Passed, unless part of it was left out for a reason other than an operation the target lacks: then it
  // was checked only in part, and says why.
  const partial = tests.find((t) => t.state === 'skipped' && skipKindOf(t.note) !== 'capability');
  if (tests.some((t) => t.state === 'passed') && !partial) return { status: 'pass' };
  if (partial) return { status: 'skip', reason: partial.note ?? skipped.other('skipped') };
  if (tests.length > 0)
    return { status: 'skip', reason: tests.find((t) => t.note)?.note ?? skipped.other('skipped') };
  return {
    status: 'skip',
    reason: selected ? skipped.other('no check of this requirement ran') : skipped.selection('by --grep'),
  };
}

function failuresOf(tests: readonly TestOutcome[], findings: readonly Finding[]): Failure[] {
  const fromTests = tests
    .filter((t) => t.state === 'failed')
    .map((t) => {
      const last = t.evidence.at(-1);
      return {
        test: t.name,
        message: t.messages.join('\n').slice(0, 4000),
        ...(last && { request: last.request, response: last.response, curl: last.curl }),
      };
    });
  // Many answers can break one always-on rule; the first few show it, the count says how often.
  const fromFindings = findings.slice(0, 5).map((f) => ({
    test: f.test,
    message:
      findings.length > 5 ? `${f.message} (one of ${findings.length} answers that break it)` : f.message,
    ...(f.request !== undefined && { request: f.request, response: f.response, curl: f.curl }),
  }));
  return [...fromTests, ...fromFindings];
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
      ...(c.notSent !== undefined && { notSent: c.notSent }),
    })),
    unplanned: keys.unplanned.map((u) => ({
      requirement: u.item.requirement,
      level: u.item.level,
      label: u.item.label,
      reason: u.reason,
    })),
  };
}

/** The canonical report: JUnit and the terminal summary are views of it. */
export function buildReport(inputs: ReportInputs): Report {
  const grep = inputs.grep !== undefined ? new RegExp(inputs.grep) : undefined;
  const findings = [...inputs.findings, ...runWideFindings(inputs.created)];
  const shardFamilies = inputs.shard ? familiesOf(inputs.edition, inputs.shard) : undefined;
  const results = requirementsFor(inputs.edition).map((req: Requirement): RequirementResult => {
    const level = req.levels[inputs.edition] as Level;
    const tests = inputs.outcomes.filter((t) => t.requirementId === req.id);
    const own = findings.filter((f) => f.id === req.id);
    const selected = grep === undefined || grep.test(`${req.id} ${req.title}`) || tests.length > 0;
    // Another shard's requirement: skipped, unless this shard saw it broken (a failure is definitive).
    const elsewhere = shardFamilies !== undefined && !shardFamilies.has(req.family) && own.length === 0;
    const { status, reason } = inputs.notRun
      ? { status: 'skip' as const, reason: skipped.other(inputs.notRun) }
      : elsewhere && inputs.shard
        ? { status: 'skip' as const, reason: skipped.shard(shardLabel(inputs.shard)) }
        : statusOf(tests, own, selected);
    return {
      id: req.id,
      level,
      family: req.family,
      title: req.title,
      status,
      ...(reason !== undefined && { reason }),
      ...(status === 'skip' && { skipKind: skipKindOf(reason) }),
      observations: [
        ...new Set(
          tests.flatMap((t) =>
            t.observation ? [`${t.name.slice(req.id.length + 1)}: ${t.observation}`] : [],
          ),
        ),
      ],
      tests: tests.length,
      durationMs: tests.reduce((n, t) => n + t.durationMs, 0),
      failures: failuresOf(tests, own),
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
    ...(inputs.keys && { keyPhase: keyPhaseOf(inputs.keys) }),
  };
}

/** The exit code of a verdict: 0 conformant, 1 non-conformant, 2 error, 3 incomplete (0 with --allow-incomplete). */
export function exitCodeOf(report: Report): ExitCode {
  switch (report.summary.verdict) {
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
