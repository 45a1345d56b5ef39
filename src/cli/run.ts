import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVitest } from 'vitest/node';
import {
  type CleanedKey,
  type CreatedKey,
  type Finding,
  type RequestCount,
  readState,
} from '../config/state.js';
import { buildReport, type ExitCode, exitCodeOf } from '../report/build.js';
import { OutcomeCollector } from '../report/collector.js';
import type { Report } from '../report/model.js';
import { renderSummary } from '../report/summary.js';
import { writeReports } from '../report/write.js';
import { prepareRun, removeState } from '../run/prepare.js';
import { Redactor } from '../transport/redact.js';
import { dryRun } from './dry-run.js';
import { type RunOptions, resolveRunOptions, runHelp } from './options.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const version = (JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string })
  .version;

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
  readonly exitCode: ExitCode;
  readonly report: Report;
}

/** One conformance run. Quiet: no progress and no summary (the gallery prints one line per run). */
export async function runOnce(
  options: RunOptions,
  out: NodeJS.WritableStream,
  { quiet }: { quiet: boolean },
): Promise<RunResult> {
  const startedAt = new Date();
  const redactor = new Redactor([options.token, options.sk]);
  const prepared = await prepareRun(options);
  const { context } = prepared;
  if (!quiet)
    out.write(
      `kms-conformance ${version}: ${context.target.embedded ? `embedded reference at ${context.target.url}` : redactor.text(context.target.url)}, ` +
        `${context.edition} edition, seed ${context.seed}, run ${context.runId}\n`,
    );
  const collector = new OutcomeCollector();
  let created: CreatedKey[] = [];
  let cleaned: CleanedKey[] = [];
  const errors: string[] = [];
  try {
    const vitest = await createVitest('test', {
      root: packageRoot,
      config: resolve(packageRoot, 'vitest.config.ts'),
      project: ['conformance'],
      watch: false,
      reporters: quiet ? [collector] : ['default', collector],
      ...(options.grep !== undefined && { testNamePattern: options.grep }),
      passWithNoTests: true,
      // Paced runs (live targets by default): one file at a time, so --rate holds for the whole run.
      ...((!context.target.loopback || context.limits.rate > 0) && { fileParallelism: false, maxWorkers: 1 }),
    });
    try {
      for (const project of vitest.projects) project.provide('kmsct', context);
      await vitest.start();
    } finally {
      await vitest.close();
    }
  } catch (error) {
    errors.push(
      redactor.text(`the test engine failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  } finally {
    ({ created, cleaned } = await prepared.finish());
  }
  errors.push(...collector.unhandled.map((e) => redactor.text(e)));
  const requestCounts = readState<RequestCount>(context.stateDir, 'requests');
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
    outcomes: collector.outcomes,
    findings: readState<Finding>(context.stateDir, 'findings'),
    created,
    cleaned,
    capabilities: context.capabilities,
    requests: {
      sent: requestCounts.reduce((n, r) => n + r.requests, 0) + prepared.requests(),
      retries: requestCounts.reduce((n, r) => n + r.retries, 0),
    },
    errors,
  });
  removeState(context);
  if (!quiet) out.write(redactor.text(renderSummary(report)));
  try {
    const written = writeReports(
      resolve(options.reportDir),
      report,
      new Redactor([options.token, options.sk, context.aksk?.sk, tokenOf(context.auth)]),
    );
    if (!quiet) out.write(`  reports: ${written.json}, ${written.junit}\n`);
  } catch (error) {
    // The verdict above stands; losing the files is our error, so the exit code says so.
    process.stderr.write(
      `kms-conformance run: KMSCT_ERR_REPORT: cannot write reports to ${resolve(options.reportDir)}: ${(error as Error).message}\n`,
    );
    return { exitCode: 2, report };
  }
  return { exitCode: exitCodeOf(report), report };
}

const tokenOf = (auth: { kind: string; token?: string }) => (auth.kind === 'token' ? auth.token : undefined);
