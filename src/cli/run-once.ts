import { familiesOf } from '../catalogue/shards.js';
import type { RunContext } from '../config/run-context.js';
import { paintFor } from '../report/colour.js';
import { Redactor } from '../transport/redact.js';
import type { Engine, EngineSettings } from './engine.js';
import type { RunOptions } from './options.js';
import { interruptions, redactOutput } from './process-guards.js';
import type { RunResult } from './run-phases.js';
import { version } from './version.js';

/**
 * One conformance run: prepare (start-up checks, key phase), the suites through vitest, clean-up, reports.
 * Quiet: no progress and no summary (the gallery prints one line per run).
 */
export async function runOnce(
  options: RunOptions,
  out: NodeJS.WritableStream,
  {
    quiet,
    engine: shared,
    write = true,
    signal,
  }: { quiet: boolean; engine?: Engine; write?: boolean; signal?: AbortSignal },
): Promise<RunResult> {
  let redactor = new Redactor([options.token, options.sk]);
  const restore = quiet
    ? () => undefined
    : redactOutput({ text: (t: string) => redactor.text(t) } as Redactor);
  let engine: Engine | undefined;
  // From here to the end, SIGINT and SIGTERM (or the caller's AbortSignal) stop the run: no new check starts,
  // the keys are scheduled for deletion, and the reports say what ran.
  const interrupt = interruptions(() => void engine?.cancel(), signal);
  try {
    // Loaded once the options are known to be good: a mistyped flag is refused without loading vitest.
    const [{ begin, conclude, interruption, StartupFailed }, { startEngine }] = await Promise.all([
      import('./run-phases.js'),
      import('./engine.js'),
    ]);
    let run: Awaited<ReturnType<typeof begin>>;
    try {
      run = await begin(options, { signal: interrupt.signal, write, by: interrupt.by });
    } catch (error) {
      const by = interrupt.by();
      if (!(error instanceof StartupFailed) || by === undefined) throw error;
      if (!quiet) out.write(`kms-conformance: ${error.report.summary.interrupted ?? ''}\n`);
      return { exitCode: interruption.exitCode(by, error.report), report: error.report };
    }
    redactor = run.redactor;
    const { context } = run.prepared;
    if (!quiet)
      out.write(
        `kms-conformance ${version}: ${context.target.embedded ? `embedded reference${options.profile ? ` (${options.profile} profile)` : ''} at ${context.target.url}` : redactor.text(context.target.url)}, ` +
          `${context.edition} edition, seed ${context.seed}, run ${context.runId}\n`,
      );
    try {
      if (!interrupt.signal.aborted) {
        engine = shared ?? (await startEngine(engineSettings(context, options, quiet, out)));
        try {
          const families = options.shard && familiesOf(options.edition, options.shard);
          await engine.run(new Map([['run', { context, sink: run.sink }]]), {
            ...(options.grep !== undefined && { grep: options.grep }),
            ...(families && { families }),
          });
        } finally {
          if (!shared) await engine.close();
        }
      }
    } catch (error) {
      run.errors.push(`the test engine failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return await conclude(run, { interrupted: interrupt.by(), out, quiet, write });
  } finally {
    interrupt.dispose();
    restore();
  }
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
