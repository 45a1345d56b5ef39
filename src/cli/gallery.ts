import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { faults } from '../reference/faults/index.js';
import { type GalleryRun, judge, renderKillMatrix } from '../report/kill-matrix.js';
import { renderKillMatrixHtml } from '../report/kill-matrix-html.js';
import { type Engine, startEngine } from './engine.js';
import type { RunOptions } from './options.js';
import { interruptions, signalExitCode } from './process-guards.js';
import { type Begun, begin, conclude, type RunResult, StartupFailed } from './run-phases.js';
import { integer, nonEmpty } from './values.js';

export const galleryHelp = `Usage: kms-conformance gallery [--report-dir reports] [--seed N] [--only NAME ...] [--lanes N] [--batch N] [--sockets] [--record]

Runs the whole suite against the embedded reference, then against it with each planted fault and each
conformant variant (kms-conformance faults), --lanes at once (default: one per core, at most 8), up to --batch
plants (default 48) in one vitest run. The clean reference and the plants about the wire are served on a
socket, the others in process; --sockets serves every plant on a socket.
Writes <report-dir>/kill-matrix.md, kill-matrix.html and gallery.json; with --record, a recording of each run
beside its report (<report-dir>/gallery/<plant>/recording.json), for kms-conformance diff.
Exit 0 when the reference and every variant are conformant and every fault is killed, 1 otherwise.`;

/** Every plant is checked as a live account would be: 10 keys, 4 at once, the run's own limits. */
const liveProfile: Omit<RunOptions, 'seed' | 'reportDir' | 'faults'> = {
  edition: 'seed',
  strict: false,
  allowIncomplete: false,
  dryRun: false,
  insecure: false,
  timeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
  numRuns: 50,
  maxKeys: 10,
  concurrency: 4,
  maxRunSeconds: 300,
  // Throttled plants back off 2–5 s a time, as the real service asks: room for a few of those.
  retryBudgetSeconds: 30,
  maxSilent: 3,
  quiet: true,
  // The gallery's targets settle within 300 ms (the cloud variant's keys; the others' at once). A read that
  // never settles costs this much per check, so it is no longer than they need.
  settleMs: 400,
};

/** The CLI's defaults for a loopback target: every key the plan wants, 32 at once, 120 s of retry budget, 1 s to settle. */
const defaultProfile: Omit<RunOptions, 'seed' | 'reportDir' | 'faults'> = {
  ...liveProfile,
  concurrency: 32,
  retryBudgetSeconds: 120,
  maxKeys: 0,
  settleMs: 1000,
};

/** `kms-conformance gallery`: evidence that the suite catches faults and raises no false alarms. */
export async function gallery(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'report-dir': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string', multiple: true },
      lanes: { type: 'string' },
      batch: { type: 'string' },
      sockets: { type: 'boolean' },
      record: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${galleryHelp}\n`);
    return 0;
  }
  const dir = resolve(nonEmpty('--report-dir', values['report-dir']) ?? 'reports');
  const seed = integer('--seed', values.seed, 0, 2 ** 31 - 1) ?? 20261128;
  const plants = [...faults.values()].filter((f) => !values.only || values.only.includes(f.name));
  const lanes = integer('--lanes', values.lanes, 1, 64) ?? Math.max(1, Math.min(availableParallelism(), 8));
  // Most plants per vitest run: enough to load the suites once for many, few enough that memory stays flat.
  const maxBatch = integer('--batch', values.batch, 1, 100) ?? 48;
  const started = performance.now();
  // Plants run in lanes, one engine each (vitest, its vite server and caches are reused from plant to
  // plant); lanes share the machine's cores. Results are kept in gallery order whatever order they end in.
  // A plant checked in the CLI's default profile as well gets a second entry.
  const twins = plants.filter((p) => p.profiles?.includes('default'));
  const entries = [
    { plant: undefined, profile: 'live' as const },
    ...plants.map((plant) => ({ plant, profile: 'live' as const })),
    ...twins.map((plant) => ({ plant, profile: 'default' as const })),
  ].map((e, index) => ({
    ...e,
    index,
    name: `${e.plant?.name ?? 'reference'}${e.profile === 'default' ? ' (default profile)' : ''}`,
  }));
  // Throttled plants take seconds the others do not, mostly waiting: each runs alone in a lane of its own,
  // beside the lanes that share the cores, so that no batch waits on one.
  const slow = (e: (typeof entries)[number]) => e.plant?.profiles !== undefined;
  const queue = evenBatches(
    entries.filter((e) => !slow(e)),
    lanes,
    maxBatch,
  );
  const slowQueue = entries.filter(slow).map((e) => [e]);
  const runs: GalleryRun[] = [];
  const timeoutMs = (liveProfile.maxRunSeconds + 60) * 1000;
  const record = (entry: (typeof entries)[number], result: RunResult) => {
    const { name } = entry;
    const run: GalleryRun = {
      name,
      kind: entry.plant?.kind ?? 'reference',
      summary: entry.plant?.summary ?? 'the reference as it is',
      trips: entry.plant?.trips ?? [],
      ...(entry.plant?.deviations && { deviations: entry.plant.deviations }),
      exitCode: result.exitCode,
      report: result.report,
    };
    runs[entry.index] = run;
    const verdict = judge(run);
    out.write(
      `${verdict.ok ? 'ok  ' : 'BAD '} ${run.kind.padEnd(9)} ${name.padEnd(32)} exit ${result.exitCode}  ${verdict.why}\n`,
    );
  };
  // A lane takes plants a batch at a time: each plant gets its start-up checks and key phase, then the
  // batch's suites run in one vitest run (one worker loads the suites once for all), then each plant gets
  // its clean-up and report, exactly as a run does.
  // A signal stops the gallery as it stops a run: no batch starts, the running one is cancelled, every plant
  // begun is concluded (its reports say interrupted), and what ran is written.
  const engines: Engine[] = [];
  const interrupt = interruptions(() => {
    for (const e of engines) void e.cancel();
  });
  const lane = async (queue: (typeof entries)[number][][]) => {
    const engine = await startEngine({ output: 'quiet', sequential: true, timeoutMs });
    engines.push(engine);
    try {
      for (
        let batch = queue.shift();
        batch !== undefined && !interrupt.signal.aborted;
        batch = queue.shift()
      ) {
        const begun: { entry: (typeof entries)[number]; run: Begun }[] = [];
        for (const entry of batch) {
          const reportDir = join(
            dir,
            'gallery',
            entry.name.replace(/ \((.*)\)$/, '-$1').replaceAll(' ', '-'),
          );
          const options: RunOptions = {
            ...(entry.profile === 'default' ? defaultProfile : liveProfile),
            seed,
            reportDir,
            ...(values.record === true && { record: join(reportDir, 'recording.json') }),
            faults: entry.plant ? [entry.plant.name] : [],
            // The socket lane: the clean reference and the plants about the wire; the rest in process.
            inProcess: entry.plant !== undefined && entry.plant.wire !== true && values.sockets !== true,
          };
          if (interrupt.signal.aborted) break;
          try {
            begun.push({
              entry,
              run: await begin(options, { write: true, signal: interrupt.signal, by: interrupt.by }),
            });
          } catch (error) {
            if (!(error instanceof StartupFailed)) throw error;
            record(entry, { exitCode: 2, report: error.report });
          }
        }
        try {
          if (!interrupt.signal.aborted)
            await engine.run(
              new Map(
                begun.map(({ entry, run }) => [
                  String(entry.index),
                  { context: run.prepared.context, sink: run.sink },
                ]),
              ),
            );
        } catch (error) {
          for (const { run } of begun) run.errors.push(`the test engine failed: ${(error as Error).message}`);
        }
        for (const { entry, run } of begun)
          record(entry, await conclude(run, { interrupted: interrupt.by(), out, quiet: true, write: true }));
      }
    } finally {
      await engine.close();
    }
  };
  try {
    await Promise.all([
      ...Array.from({ length: Math.min(lanes, queue.length) }, () => lane(queue)),
      ...slowQueue.map(() => lane(slowQueue)),
    ]);
    return finish();
  } finally {
    // Held to the end: a signal while the matrix is written must not kill the process half-way.
    interrupt.dispose();
  }

  function finish(): number {
    const seconds = (performance.now() - started) / 1000;
    mkdirSync(dir, { recursive: true });
    // In gallery order; an interrupted gallery has holes where plants did not run.
    const ran = runs.filter((r): r is GalleryRun => r !== undefined);
    writeFileSync(join(dir, 'kill-matrix.md'), renderKillMatrix(ran, seconds));
    writeFileSync(join(dir, 'kill-matrix.html'), renderKillMatrixHtml(ran, seconds));
    const verdicts = ran.map(judge);
    writeFileSync(
      join(dir, 'gallery.json'),
      `${JSON.stringify({ seed, seconds: Math.round(seconds), verdicts }, null, 2)}\n`,
    );
    const faultVerdicts = verdicts.filter((v) => v.kind === 'fault');
    out.write(
      `mutation score ${faultVerdicts.filter((v) => v.ok).length}/${faultVerdicts.length}; ${verdicts.filter((v) => v.kind !== 'fault' && !v.ok).length} false alarms; ${seconds.toFixed(0)} s; ${join(dir, 'kill-matrix.md')}\n`,
    );
    const by = interrupt.by();
    if (by !== undefined && by !== 'abort') {
      out.write(`interrupted by ${by}: ${ran.length} of ${entries.length} runs ran\n`);
      return signalExitCode(by);
    }
    return verdicts.every((v) => v.ok) ? 0 : 1;
  }
}

/**
 * Splits the plants into batches of nearly equal size, a multiple of the lane count, none larger than
 * `maxBatch`: lanes then finish together (one lane left with a long last batch would idle the other core).
 */
export function evenBatches<T>(items: readonly T[], lanes: number, maxBatch: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.min(items.length, lanes * Math.ceil(items.length / (lanes * maxBatch)));
  return Array.from({ length: count }, (_, i) =>
    items.slice(Math.floor((i * items.length) / count), Math.floor(((i + 1) * items.length) / count)),
  );
}
