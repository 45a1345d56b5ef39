/**
 * The shards of a run (`--shard i/n`, one CI job each) merged into one report with one verdict. Each
 * requirement takes the result of the shard that checked it; a failure seen by any shard stands (a shard
 * may see an always-on rule broken outside its families). Pure: the CLI reads and writes the files.
 */
import { KmsctError } from '../errors.js';
import { summaryOf } from './build.js';
import { mergeExercised } from './coverage.js';
import type { Failure, Report, RequirementResult } from './model.js';

export class MergeError extends KmsctError {
  override name = 'MergeError';
  constructor(message: string) {
    super('KMSCT_ERR_MERGE', message);
  }
}

function check(reports: readonly Report[]): void {
  const [first] = reports;
  if (!first) throw new MergeError('expected the report.json of at least one shard, received none');
  for (const r of reports) {
    if (!r.shard)
      throw new MergeError(
        `expected shard reports (run with --shard i/n), received a whole run (${r.runId})`,
      );
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new MergeError(
          `expected shards of one run, but their ${what} differ: ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
        );
    };
    // Embedded references are all "the reference": each job starts its own, on its own port.
    const target = (x: Report) =>
      x.target.embedded ? 'the embedded reference' : { url: x.target.url, projectId: x.target.projectId };
    same('targets', target(first), target(r));
    same('editions', first.edition, r.edition);
    same('shard counts', first.shard?.count, r.shard.count);
    same('tool versions', first.tool.version, r.tool.version);
    same('--strict settings', first.strict, r.strict);
  }
  const indexes = reports.map((r) => r.shard?.index);
  const twice = indexes.find((i, n) => indexes.indexOf(i) !== n);
  if (twice !== undefined) throw new MergeError(`expected each shard once, received shard ${twice} twice`);
}

function mergeRequirement(all: readonly RequirementResult[], missing: string): RequirementResult {
  const first = all[0] as RequirementResult;
  const failed = all.filter((r) => r.status === 'fail');
  if (failed.length > 0) {
    const seen = new Set<string>();
    const failures: Failure[] = failed
      .flatMap((r) => r.failures)
      .filter((f) => !seen.has(`${f.test}\n${f.message}`) && Boolean(seen.add(`${f.test}\n${f.message}`)));
    const { reason: _, skipKind: __, ...base } = failed[0] as RequirementResult;
    return {
      ...base,
      status: 'fail',
      observations: [...new Set(all.flatMap((r) => r.observations))],
      tests: all.reduce((n, r) => n + r.tests, 0),
      durationMs: all.reduce((n, r) => n + r.durationMs, 0),
      failures,
    };
  }
  const owner = all.find((r) => !(r.status === 'skip' && r.skipKind === 'shard'));
  if (owner) return owner;
  return { ...first, status: 'skip', skipKind: 'other', reason: `skipped: no shard checked it (${missing})` };
}

export function mergeReports(reports: readonly Report[]): Report {
  check(reports);
  const sorted = [...reports].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const first = sorted[0] as Report;
  const count = first.shard?.count ?? 1;
  const present = new Set(sorted.map((r) => r.shard?.index));
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
  const missing =
    absent.length > 0 ? `shard ${absent.map((i) => `${i}/${count}`).join(', ')} missing` : 'no shard had it';
  const requirements = first.requirements.map((req) =>
    mergeRequirement(
      sorted.map((r) => r.requirements.find((q) => q.id === req.id) ?? req),
      missing,
    ),
  );
  const errors = sorted.flatMap((r) => r.summary.errors.map((e) => `shard ${r.shard?.index}/${count}: ${e}`));
  const note = (pick: (r: Report) => string | undefined) => {
    const notes = sorted.flatMap((r) => (pick(r) ? [`shard ${r.shard?.index}/${count}: ${pick(r)}`] : []));
    return notes.length > 0 ? notes.join('; ') : undefined;
  };
  const interrupted = note((r) => r.summary.interrupted);
  const stoppedEarly = note((r) => r.summary.stoppedEarly);
  const startedAt = sorted.map((r) => r.startedAt).sort()[0] ?? first.startedAt;
  const finishedAt =
    sorted
      .map((r) => r.finishedAt)
      .sort()
      .at(-1) ?? first.finishedAt;
  const { shard: _, command: __, keyPhase: ___, coverage: ____, ...base } = first;
  const coverage = mergeExercised(
    sorted.flatMap((r) => (r.coverage ? [r.coverage] : [])),
    requirements,
  );
  return {
    ...base,
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    merged: sorted.map((r) => r.shard as { index: number; count: number }),
    summary: {
      ...summaryOf(requirements, first.strict, errors),
      allowIncomplete: sorted.every((r) => r.summary.allowIncomplete),
      ...(interrupted !== undefined && { interrupted }),
      ...(stoppedEarly !== undefined && { stoppedEarly }),
    },
    requirements,
    keys: {
      created: sorted.flatMap((r) => r.keys.created),
      cleaned: sorted.flatMap((r) => r.keys.cleaned),
    },
    requests: {
      sent: sorted.reduce((n, r) => n + r.requests.sent, 0),
      retries: sorted.reduce((n, r) => n + r.requests.retries, 0),
    },
    ...(coverage && { coverage }),
  };
}
