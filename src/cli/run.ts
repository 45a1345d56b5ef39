import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunContext } from '../config/run-context.js';
import { type Finding, type RequestCount, readState } from '../config/state.js';
import { buildReport, type ExitCode, exitCodeOf } from '../report/build.js';
import { OutcomeCollector } from '../report/collector.js';
import type { Report } from '../report/model.js';
import { paintFor } from '../report/colour.js';
import { renderSummary } from '../report/summary.js';
import { writeReports } from '../report/write.js';
import { type PreparedRun, prepareRun, RunError, removeState } from '../run/prepare.js';
import { packageRoot } from '../spec/package-root.js';
import { familiesOf } from '../spec/shards.js';
import { Redactor } from '../transport/redact.js';
import { dryRun } from './dry-run.js';
import { reproduceCommand } from './reproduce.js';
import { type Engine, type EngineSettings, startEngine } from './engine.js';
import { type RunOptions, resolveRunOptions, runHelp } from './options.js';
import { interruptions, redactOutput, signalExitCode } from './process-guards.js';

export const version = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** `kms-conformance run`: prepares the target, runs the conformance project through vitest, writes the reports. */
export async function runCommand(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const options = resolveRunOptions(argv, process.env);
  if (options === 'help') {
    out.write(`${runHelp}\n`);
    return 0;
  }
  if (options.dryRun) {
    await dryRun(options, out);
    return 0;
  }
  return (await runOnce(options, out, { quiet: false })).exitCode;
}

export interface RunResult {
  readonly exitCode: ExitCode | 130 | 143;
  readonly report: Report;
}

/** A run that ended before its suites: start-up failed. Its report is written, then the error goes on. */
export class StartupFailed extends Error {
  override readonly name = 'StartupFailed';
  readonly code: string;
  constructor(
    readonly error: RunError,
    readonly report: Report,
  ) {
    super(error.message, { cause: error });
    this.code = error.code;
  }
}

/** Time an interrupted run gives its clean-up: keys are scheduled for deletion, then it ends. */
const interruptGraceMs = 10_000;

/**
 * One conformance run: prepare (start-up checks, key phase), the suites through vitest, clean-up, reports.
 * Quiet: no progress and no summary (the gallery prints one line per run).
 */
export async function runOnce(
  options: RunOptions,
  out: NodeJS.WritableStream,
  { quiet, engine: shared, write = true }: { quiet: boolean; engine?: Engine; write?: boolean },
): Promise<RunResult> {
  const startedAt = new Date();
  let redactor = new Redactor([options.token, options.sk]);
  const restore = quiet
    ? () => undefined
    : redactOutput({ text: (t: string) => redactor.text(t) } as Redactor);
  let engine: Engine | undefined;
  const interrupt = interruptions(() => void engine?.cancel());
  try {
    let prepared: PreparedRun;
    try {
      prepared = await prepareRun(options, { startedAt: startedAt.getTime(), signal: interrupt.signal });
    } catch (error) {
      if (!(error instanceof RunError)) throw error;
      const report = startupReport(options, startedAt, error);
      if (write) writeReports(resolve(options.reportDir), report, redactor);
      throw new StartupFailed(error, report);
    }
    const { context } = prepared;
    redactor = new Redactor([options.token, options.sk, context.aksk?.sk, tokenOf(context.auth)]);
    if (!quiet)
      out.write(
        `kms-conformance ${version}: ${context.target.embedded ? `embedded reference at ${context.target.url}` : redactor.text(context.target.url)}, ` +
          `${context.edition} edition, seed ${context.seed}, run ${context.runId}\n`,
      );
    const collector = new OutcomeCollector();
    const errors: string[] = [];
    let cleanup: Awaited<ReturnType<PreparedRun['finish']>> = { created: [], cleaned: [] };
    try {
      if (!interrupt.signal.aborted) {
        engine = shared ?? (await startEngine(engineSettings(context, options, quiet, out)));
        try {
          await engine.run(
            context,
            collector,
            options.grep,
            options.shard && familiesOf(options.edition, options.shard),
          );
        } finally {
          if (!shared) await engine.close();
        }
      }
    } catch (error) {
      errors.push(
        redactor.text(`the test engine failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    } finally {
      cleanup = await prepared.finish(interrupt.signal.aborted ? interruptGraceMs : undefined);
    }
    if (!interrupt.signal.aborted) errors.push(...collector.unhandled.map((e) => redactor.text(e)));
    const requestCounts = readState<RequestCount>(context.stateDir, 'requests');
    const by = interrupt.by();
    const stopped = by ? undefined : stoppedEarly(context.stateDir);
    const report = buildReport({
      version,
      startedAt,
      finishedAt: new Date(),
      target: {
        url: redactor.text(context.target.url),
        projectId: context.target.projectId,
        embedded: context.target.embedded,
        auth: context.auth.kind,
        signingChecks: context.aksk !== undefined,
      },
      edition: context.edition,
      seed: context.seed,
      numRuns: context.numRuns,
      runId: context.runId,
      strict: options.strict,
      allowIncomplete: options.allowIncomplete,
      keys: context.keys,
      ...(options.grep !== undefined && { grep: options.grep }),
      command: reproduceCommand(options, context.seed),
      ...(options.shard && { shard: options.shard }),
      ...(by && {
        interrupted: `interrupted by ${by}: the keys were scheduled for deletion, the rest did not run`,
      }),
      ...(stopped !== undefined && { stoppedEarly: stopped }),
      outcomes: collector.outcomes,
      findings: readState<Finding>(context.stateDir, 'findings'),
      created: cleanup.created,
      cleaned: cleanup.cleaned,
      capabilities: context.capabilities,
      requests: {
        sent: requestCounts.reduce((n, r) => n + r.requests, 0) + prepared.requests(),
        retries: requestCounts.reduce((n, r) => n + r.retries, 0),
      },
      errors,
    });
    removeState(context);
    if (!quiet) out.write(redactor.text(renderSummary(report, paintFor(out as { isTTY?: boolean }))));
    if (!write) return { exitCode: by ? signalExitCode(by) : exitCodeOf(report), report };
    try {
      const written = writeReports(resolve(options.reportDir), report, redactor);
      if (!quiet) out.write(`  reports: ${written.json}, ${written.junit}, ${written.html}\n`);
    } catch (error) {
      // The verdict above stands; losing the files is our error, so the exit code says so.
      process.stderr.write(
        `kms-conformance run: KMSCT_ERR_REPORT: cannot write reports to ${resolve(options.reportDir)}: ${(error as Error).message}\n`,
      );
      return { exitCode: 2, report };
    }
    return { exitCode: by ? signalExitCode(by) : exitCodeOf(report), report };
  } finally {
    interrupt.dispose();
    restore();
  }
}

/** Why the run's limits stopped it early, if they did (the stop file every process reads). */
function stoppedEarly(stateDir: string): string | undefined {
  const file = join(stateDir, 'stopped');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function engineSettings(
  context: RunContext,
  options: RunOptions,
  quiet: boolean,
  out: NodeJS.WritableStream,
): EngineSettings {
  return {
    output: quiet ? 'quiet' : options.verbose ? 'verbose' : 'progress',
    out,
    paint: paintFor(out as { isTTY?: boolean }),
    // Paced runs (live targets by default): one file at a time, so --rate holds for the whole run.
    sequential: !context.target.loopback || context.limits.rate > 0,
    // A check never times out before the run's own limit: a slow target is not a failing one.
    timeoutMs: Math.max(context.limits.deadline - Date.now(), 0) + 60_000,
  };
}

/** The report of a run whose start-up checks failed: every requirement not run, and why. */
function startupReport(options: RunOptions, startedAt: Date, error: RunError): Report {
  return buildReport({
    version,
    startedAt,
    finishedAt: new Date(),
    target: {
      url: options.target ?? 'embedded reference',
      projectId: options.projectId ?? '',
      embedded: options.target === undefined,
      auth: options.token !== undefined ? 'token' : options.ak !== undefined ? 'aksk' : 'none',
      signingChecks: options.sk !== undefined,
    },
    edition: options.edition,
    seed: options.seed ?? 0,
    numRuns: options.numRuns,
    runId: 'kmsct-0',
    strict: options.strict,
    allowIncomplete: options.allowIncomplete,
    notRun: `not run: the start-up checks failed (${error.code})`,
    outcomes: [],
    findings: [],
    created: [],
    cleaned: [],
    capabilities: {},
    requests: { sent: 0, retries: 0 },
    errors: [error.message],
  });
}

const tokenOf = (auth: { kind: string; token?: string }) => (auth.kind === 'token' ? auth.token : undefined);
