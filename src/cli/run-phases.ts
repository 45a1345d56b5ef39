/**
 * The two ends of a run around its suites, shared by `run` (one run) and `gallery` (several plants in one
 * vitest run): `begin` makes the start-up checks and the key phase, `conclude` cleans up and writes the
 * report. What happens between them is the engine's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunOptions } from '../config/run-options.js';
import { type RequestCount, readState } from '../config/state.js';
import { Findings } from '../findings/sink.js';
import { applyBaseline, readBaseline } from '../gate/baseline.js';
import { compareReports } from '../gate/compare.js';
import { readReport } from '../gate/read-report.js';
import { keyPhaseBroken } from '../judge/answers.js';
import { buildRecording } from '../record/build.js';
import { readRecording, writeRecording } from '../record/file.js';
import { buildReport, type ExitCode, exitCodeOf } from '../report/build.js';
import { paintFor } from '../report/colour.js';
import type { Report } from '../report/model.js';
import { renderSummary } from '../report/summary.js';
import { writeGithubOutputs, writeReports } from '../report/write.js';
import { type PreparedRun, prepareRun, RunError, removeState } from '../run/prepare.js';
import { addTallies } from '../transport/answer-tally.js';
import type { Captured } from '../transport/capture.js';
import { Redactor } from '../transport/redact.js';
import { signalExitCode } from './process-guards.js';
import { reproduceCommand } from './reproduce.js';
import { version } from './version.js';

export interface RunResult {
  readonly exitCode: ExitCode | 130 | 143;
  readonly report: Report;
}

/** What ended a run early: a signal, or the library caller's AbortSignal. */
export type Interrupter = NodeJS.Signals | 'abort';

/** The report's words for an interruption, and the exit code it brings (a signal's, or the verdict's). */
export const interruption = {
  text: (by: Interrupter, what: string) =>
    `${by === 'abort' ? 'aborted by the caller' : `interrupted by ${by}`}: ${what}`,
  exitCode: (by: Interrupter, report: Report): RunResult['exitCode'] =>
    by === 'abort' ? exitCodeOf(report) : signalExitCode(by),
};

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

/** A run whose key phase is done: what its suites need, and what its report will gather. */
export interface Begun {
  readonly options: RunOptions;
  readonly startedAt: Date;
  readonly prepared: PreparedRun;
  /** Every secret of the run, for everything it prints or writes. */
  readonly redactor: Redactor;
  /** Where the run's findings go: the key phase's now, the checks' through the engine, the end's last. */
  readonly sink: Findings;
  /** The run's own errors (the engine failed): the verdict is then error. */
  readonly errors: string[];
}

/** Time an interrupted run gives its clean-up: keys are scheduled for deletion, then it ends. */
const interruptGraceMs = 10_000;

export async function begin(
  options: RunOptions,
  { signal, write, by }: { signal?: AbortSignal; write: boolean; by?: () => Interrupter | undefined },
): Promise<Begun> {
  const startedAt = new Date();
  // A recording to compare with is read before anything is sent: a bad one must not cost a run.
  if (options.backedBy !== undefined) readRecording(options.backedBy);
  if (options.baseline !== undefined) readBaseline(options.baseline);
  if (options.compare !== undefined) readReport(options.compare);
  let prepared: PreparedRun;
  try {
    prepared = await prepareRun(options, { startedAt: startedAt.getTime(), ...(signal && { signal }) });
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    // Interrupted during start-up: the start-up checks did not fail, they were stopped.
    const interrupted = by?.();
    const report = startupReport(options, startedAt, error, interrupted);
    if (write) writeReports(resolve(options.reportDir), report, new Redactor([options.token, options.sk]));
    throw new StartupFailed(error, report);
  }
  const { context } = prepared;
  const token = context.auth.kind === 'token' ? context.auth.token : undefined;
  const sink = new Findings();
  // The key phase judged each answer when it came: the rules they broke are findings of the run.
  sink.add(...keyPhaseBroken(context.keys));
  return {
    options,
    startedAt,
    prepared,
    redactor: new Redactor([options.token, options.sk, context.aksk?.sk, token]),
    sink,
    errors: [],
  };
}

export async function conclude(
  run: Begun,
  o: { interrupted?: Interrupter | undefined; out: NodeJS.WritableStream; quiet: boolean; write: boolean },
): Promise<RunResult> {
  const { options, prepared, redactor, sink } = run;
  const { context } = prepared;
  const by = o.interrupted;
  const cleanup = await prepared.finish(by ? interruptGraceMs : undefined);
  sink.add(...cleanup.findings);
  const errors = [...run.errors, ...(by ? [] : sink.errors)].map((e) => redactor.text(e));
  const requestCounts = readState<RequestCount>(context.stateDir, 'requests');
  const stopped = by ? undefined : stoppedEarly(context.stateDir);
  const built = buildReport({
    version,
    startedAt: run.startedAt,
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
      interrupted: interruption.text(by, 'the keys were scheduled for deletion, the rest did not run'),
    }),
    ...(stopped !== undefined && { stoppedEarly: stopped }),
    findings: sink.all(),
    durationOf: (id) => sink.timeOf(id),
    created: cleanup.created,
    cleaned: cleanup.cleaned,
    capabilities: context.capabilities,
    requests: {
      sent: requestCounts.reduce((n, r) => n + r.requests, 0) + prepared.requests(),
      retries: requestCounts.reduce((n, r) => n + r.retries, 0),
    },
    answers: addTallies([...requestCounts, prepared.answers()]),
    errors,
    ...(options.backedBy !== undefined && { backedBy: readRecording(options.backedBy) }),
  });
  const report = gated(built, options);
  const recording =
    options.record !== undefined
      ? buildRecording({
          captured: readState<Captured>(context.stateDir, 'exchanges'),
          findings: sink.all(),
          report,
          identity: { projectId: context.target.projectId, aliasPrefix: context.aliasPrefix },
          target: context.target.embedded ? 'embedded reference' : redactor.text(context.target.url),
          tool: `kms-conformance ${version}`,
          recordedOn: new Date().toISOString().slice(0, 10),
        })
      : undefined;
  removeState(context);
  const exitCode = by ? interruption.exitCode(by, report) : exitCodeOf(report);
  if (recording !== undefined && options.record !== undefined) {
    const file = resolve(options.record);
    try {
      writeRecording(file, recording, redactor);
      if (!o.quiet) o.out.write(`  recording: ${file} (${recording.cases.length} cases)\n`);
    } catch (error) {
      process.stderr.write(
        `kms-conformance run: KMSCT_ERR_REPORT: cannot write the recording to ${file}: ${(error as Error).message}\n`,
      );
      return { exitCode: 2, report };
    }
  }
  if (!o.quiet) o.out.write(redactor.text(renderSummary(report, paintFor(o.out as { isTTY?: boolean }))));
  if (!o.write) return { exitCode, report };
  try {
    const written = writeReports(resolve(options.reportDir), report, redactor);
    if (!o.quiet)
      o.out.write(
        `  reports: ${written.json}, ${written.junit}, ${written.html}, ${written.sarif}, ${written.coverage}\n`,
      );
    writeGithubOutputs(report, redactor, o.out);
  } catch (error) {
    // The verdict above stands; losing the files is our error, so the exit code says so.
    process.stderr.write(
      `kms-conformance run: KMSCT_ERR_REPORT: cannot write reports to ${resolve(options.reportDir)}: ${(error as Error).message}\n`,
    );
    return { exitCode: 2, report };
  }
  return { exitCode, report };
}

/** The report with its baseline applied and its comparison made, when the run was given them. */
function gated(report: Report, options: RunOptions): Report {
  const old = options.compare !== undefined ? readReport(options.compare) : undefined;
  return {
    ...report,
    ...(options.baseline !== undefined && {
      baseline: applyBaseline(report, readBaseline(options.baseline), options.baseline),
    }),
    ...(old && { comparison: compareReports(old.report, report, old.file) }),
  };
}

/** Why the run's limits stopped it early, if they did (the stop file every process reads). */
function stoppedEarly(stateDir: string): string | undefined {
  const file = join(stateDir, 'stopped');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The report of a run whose start-up checks failed: every requirement not run, and why. */
function startupReport(options: RunOptions, startedAt: Date, error: RunError, by?: Interrupter): Report {
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
    notRun: by
      ? interruption.text(by, 'during the start-up checks')
      : `not run: the start-up checks failed (${error.code})`,
    ...(by && { interrupted: interruption.text(by, 'during the start-up checks; nothing else ran') }),
    findings: [],
    created: [],
    cleaned: [],
    capabilities: {},
    requests: { sent: 0, retries: 0 },
    errors: by ? [] : [error.message],
  });
}
