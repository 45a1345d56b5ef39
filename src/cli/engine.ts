/**
 * The test engine: one vitest instance for the conformance project, which runs the suites for one run
 * (`run`) or for a batch of runs at once (`gallery`). Every suite file registers its checks for each run it
 * is given (suites/support/suite.ts), so a batch loads the suites once. Reusing the instance keeps the vite
 * server, its transform cache and the resolved config from batch to batch.
 */
import { basename, join, relative } from 'node:path';
import { createVitest, type Reporter, type TestSpecification } from 'vitest/node';
import { fromBuild, packageRoot } from '../catalogue/package-root.js';
import type { RunContext } from '../config/run-context.js';
import type { Findings } from '../findings/sink.js';
import { FindingCollector } from '../report/collector.js';
import { noPaint, type Paint } from '../report/colour.js';
import { ProgressReporter } from '../report/progress.js';

/** The suites as this copy of the tool has them: TypeScript in the sources, JavaScript in the build. */
const suitesDir = fromBuild ? join(packageRoot, 'dist', 'suites') : join(packageRoot, 'suites');
const ext = fromBuild ? 'js' : 'ts';

export interface EngineSettings {
  /** quiet: only the collector hears the run; progress: a line per family; verbose: vitest's own reporter. */
  readonly output: 'quiet' | 'progress' | 'verbose';
  /** Where progress goes, and whether it may be coloured. */
  readonly out?: NodeJS.WritableStream;
  readonly paint?: Paint;
  /** One file at a time (a paced run keeps its --rate across files). */
  readonly sequential: boolean;
  /** Per test and hook: a check never times out before the run's own limit. */
  readonly timeoutMs: number;
}

/** A run for the engine: what the suites judge, and where its findings go. */
export interface EngineRun {
  readonly context: RunContext;
  readonly sink: Findings;
}

export interface Engine {
  /**
   * Runs the suites (of the given families, or all) for every run, by label; each run's findings go to its
   * sink. The gallery gives a batch of plants; `run` gives one.
   */
  run(
    runs: ReadonlyMap<string, EngineRun>,
    options?: { readonly grep?: string; readonly families?: ReadonlySet<string> },
  ): Promise<void>;
  /** Lets running tests finish and starts no more (an interrupted run). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export async function startEngine(settings: EngineSettings): Promise<Engine> {
  // The reporters are fixed when vitest starts; each run's sinks are plugged in here.
  let current = new Map<string, Findings>();
  const collector: Reporter = new FindingCollector(() => current);
  // vitest's logger exits the process on SIGINT and SIGTERM; a run must clean up and write its reports
  // first (src/cli/process-guards.ts), so the listeners vitest adds are taken off again.
  const listening = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // The project is defined here, not in a config file: the tool runs the same way from a clone and from
  // an installed package (vitest.config.ts is the repository's own test setup).
  const vitest = await createVitest('test', {
    root: packageRoot,
    config: false,
    name: 'conformance',
    include: [`${relative(packageRoot, suitesDir)}/*.suite.${ext}`],
    // Suites share nothing but the runs they are given, so one module graph per worker is safe and saves
    // re-importing undici and the catalogue for every file.
    isolate: false,
    pool: 'threads',
    // The build's modules are plain JavaScript: Node loads them itself, vite need not transform them.
    ...(fromBuild && { server: { deps: { external: [/\/dist\/src\//, /\/dist\/suites\/support\//] } } }),
    watch: false,
    reporters:
      settings.output === 'verbose'
        ? ['default', collector]
        : settings.output === 'progress'
          ? [new ProgressReporter(settings.out ?? process.stdout, settings.paint ?? noPaint), collector]
          : [collector],
    passWithNoTests: true,
    // Checks of an unpaced run overlap (suites/support/suite.ts): this many at once per file.
    maxConcurrency: 16,
    // No results cache: nothing to gain for a run that happens once, and it would be written into the
    // installed package's folder.
    cache: false,
    testTimeout: settings.timeoutMs,
    hookTimeout: settings.timeoutMs,
    ...(settings.sequential && { fileParallelism: false, maxWorkers: 1 }),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    for (const listener of process.listeners(signal))
      if (!listening[signal].includes(listener)) process.off(signal, listener);
  let specs: TestSpecification[];
  try {
    await vitest.standalone();
    specs = await vitest.globTestSpecifications();
  } catch (error) {
    await vitest.close();
    throw error;
  }
  const family = (s: TestSpecification) => basename(s.moduleId).replace(/\.suite\.[jt]s$/, '');
  return {
    async run(runs, options = {}) {
      current = new Map([...runs].map(([label, r]) => [label, r.sink]));
      const contexts = Object.fromEntries([...runs].map(([label, r]) => [label, r.context]));
      for (const project of vitest.projects) project.provide('kmsct', contexts);
      if (options.grep !== undefined) vitest.setGlobalTestNamePattern(options.grep);
      else vitest.resetGlobalTestNamePattern();
      // vitest sets the process's exit code when tests fail or a run is cancelled; the verdict is the run's to
      // give (and a library caller's process is not ours to mark), so the code is put back.
      const exitCode = process.exitCode;
      try {
        const chosen = options.families ? specs.filter((s) => options.families?.has(family(s))) : specs;
        await vitest.runTestSpecifications(chosen, chosen.length === specs.length);
      } finally {
        current = new Map();
        process.exitCode = exitCode;
      }
    },
    cancel: () => vitest.cancelCurrentRun('keyboard-input'),
    close: () => vitest.close(),
  };
}
