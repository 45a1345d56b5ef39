/**
 * Baselines: failures a team has accepted, each keyed by its finding's fingerprint (requirement, case, what
 * differed), with a reason, an optional ticket and expiry, and when it was first and last seen. Against a run:
 * - `known`: the entry's failure happened again, and the entry has not expired; reported, never gating;
 * - `expired`: the same, past its `expires` day; it gates like a new failure;
 * - `new`: a failure no entry names; it gates. A baseline never hides another case of the same requirement:
 *   entries match whole fingerprints, never requirements;
 * - `unobserved`: the entry's case did not run to a conclusion (a --grep, a shard, a skip, an error): nothing is
 *   known of it, so it is kept;
 * - `fixed`: the entry's case ran and did not fail that way; `baseline prune` drops it.
 */
import { writeFileSync } from 'node:fs';
import { readSchemaFile } from '../catalogue/json-file.js';
import type { Level } from '../catalogue/types.js';
import { KmsctError } from '../errors.js';
import { summaryOf } from '../report/build.js';
import type {
  BaselineItem,
  BaselineResult,
  BaselineStatus,
  Report,
  RequirementResult,
} from '../report/model.js';

export const baselineFormat = 'kms-conformance-baseline/1';

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly requirement: string;
  readonly case: string;
  readonly aspect?: string;
  readonly level?: Level;
  readonly message?: string;
  readonly reason: string;
  readonly ticket?: string;
  /** The last day the entry holds (YYYY-MM-DD). */
  readonly expires?: string;
  readonly first_seen: string;
  readonly last_seen: string;
}

export interface Baseline {
  readonly format: typeof baselineFormat;
  readonly entries: readonly BaselineEntry[];
}

export class BaselineError extends KmsctError {
  override name = 'BaselineError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('KMSCT_ERR_BASELINE', message, options);
  }
}

export const readBaseline = (file: string): Baseline =>
  readSchemaFile<Baseline>(
    file,
    'baseline.schema.json',
    'a baseline',
    (message, cause) => new BaselineError(message, { cause }),
  );

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** The day a report was made: what first_seen, last_seen and expiry compare with. */
export const dayOf = (report: Report) => report.finishedAt.slice(0, 10);

/** Every failing case of a report: its fingerprint, with what the report says of it. */
function failingCases(report: Report) {
  return report.requirements.flatMap((r) =>
    r.cases
      .filter((c) => c.status === 'fail')
      .map((c) => {
        const shown = r.failures.find((f) => f.fingerprint === c.fingerprint);
        return {
          fingerprint: c.fingerprint,
          requirement: r.id,
          case: c.case,
          level: r.level,
          ...(shown?.aspect !== undefined && { aspect: shown.aspect }),
          message: (shown ?? r.failures[0])?.message.split('\n')[0]?.slice(0, 300) ?? '',
        };
      }),
  );
}

export interface EntryFields {
  readonly reason: string;
  readonly ticket?: string;
  readonly expires?: string;
}

/**
 * A baseline of every failing case of the report. Entries of `previous` are kept as they are (their reason,
 * ticket, expiry and first sighting), seen again today when they failed again; none is ever dropped here.
 */
export function createBaseline(report: Report, fields: EntryFields, previous?: Baseline): Baseline {
  const today = dayOf(report);
  const kept = new Map((previous?.entries ?? []).map((e) => [e.fingerprint, e]));
  for (const f of failingCases(report)) {
    const old = kept.get(f.fingerprint);
    kept.set(
      f.fingerprint,
      old
        ? { ...old, last_seen: today }
        : {
            ...f,
            reason: fields.reason,
            ...(fields.ticket !== undefined && { ticket: fields.ticket }),
            ...(fields.expires !== undefined && { expires: fields.expires }),
            first_seen: today,
            last_seen: today,
          },
    );
  }
  const entries = [...kept.values()].sort((a, b) =>
    `${a.requirement}\n${a.case}\n${a.fingerprint}` < `${b.requirement}\n${b.case}\n${b.fingerprint}`
      ? -1
      : 1,
  );
  return { format: baselineFormat, entries };
}

/** The report judged against the baseline: each entry and each failure placed, and the verdict that gates. */
export function applyBaseline(report: Report, baseline: Baseline, file: string): BaselineResult {
  const today = dayOf(report);
  const entries = new Map(baseline.entries.map((e) => [e.fingerprint, e]));
  const failing = failingCases(report);
  const failed = new Set(failing.map((f) => f.fingerprint));
  const concluded = new Set(
    report.requirements.flatMap((r) =>
      r.cases.filter((c) => c.status === 'pass' || c.status === 'fail').map((c) => `${r.id}\n${c.case}`),
    ),
  );
  const expired = (e: BaselineEntry) => e.expires !== undefined && e.expires < today;
  const items: BaselineItem[] = [];
  for (const f of failing) {
    const e = entries.get(f.fingerprint);
    const status: BaselineStatus = e === undefined ? 'new' : expired(e) ? 'expired' : 'known';
    items.push({ status, ...f, ...(e && fromEntry(e)) });
  }
  for (const e of baseline.entries) {
    if (failed.has(e.fingerprint)) continue;
    const status = concluded.has(`${e.requirement}\n${e.case}`) ? 'fixed' : 'unobserved';
    items.push({
      status,
      fingerprint: e.fingerprint,
      requirement: e.requirement,
      case: e.case,
      level: e.level ?? report.requirements.find((r) => r.id === e.requirement)?.level ?? 'MUST',
      ...fromEntry(e),
    });
  }
  const known = new Set(items.filter((i) => i.status === 'known').map((i) => i.fingerprint));
  const counts = { known: 0, new: 0, expired: 0, unobserved: 0, fixed: 0 };
  for (const i of items) counts[i.status]++;
  return { file, verdict: gatingVerdict(report, known), counts, items };
}

const fromEntry = (e: BaselineEntry) => ({
  reason: e.reason,
  ...(e.message !== undefined && { message: e.message }),
  ...(e.ticket !== undefined && { ticket: e.ticket }),
  ...(e.expires !== undefined && { expires: e.expires }),
  firstSeen: e.first_seen,
  lastSeen: e.last_seen,
});

/**
 * The verdict with the known failures set aside: a requirement whose every failing case is known counts as
 * checked and passed; one with any other failing case still fails.
 */
function gatingVerdict(report: Report, known: ReadonlySet<string>) {
  const results = report.requirements.map((r): RequirementResult => {
    if (r.status !== 'fail') return r;
    const open = r.cases.some((c) => c.status === 'fail' && !known.has(c.fingerprint));
    return open ? r : { ...r, status: 'pass' };
  });
  return summaryOf(results, report.strict, report.summary.errors).verdict;
}

/** `baseline prune`: the entries the report shows fixed are dropped; unobserved ones are never. */
export function pruneBaseline(
  baseline: Baseline,
  result: BaselineResult,
): { baseline: Baseline; pruned: readonly BaselineEntry[] } {
  const fixed = new Set(result.items.filter((i) => i.status === 'fixed').map((i) => i.fingerprint));
  return {
    baseline: { ...baseline, entries: baseline.entries.filter((e) => !fixed.has(e.fingerprint)) },
    pruned: baseline.entries.filter((e) => fixed.has(e.fingerprint)),
  };
}
