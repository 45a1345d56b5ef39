/**
 * The test engine: one vitest instance for the conformance project, which runs the suites once (`run`) or
 * once per plant (`gallery`). Reusing it keeps the vite server, its transform cache and the resolved config
 * across runs, so a run costs its tests and its workers, not a new vitest.
 */
import { basename, join, relative } from 'node:path';
import { createVitest, type Reporter, type TestSpecification } from 'vitest/node';
import type { RunContext } from '../config/run-context.js';
import type { OutcomeCollector } from '../report/collector.js';
import { noPaint, type Paint } from '../report/colour.js';
import { ProgressReporter } from '../report/progress.js';
import { fromBuild, packageRoot } from '../spec/package-root.js';

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

export interface Engine {
  /** Runs the suites (of the given families, or all) against the context's target; the collector hears every result. */
  run(
    context: RunContext,
    collector: OutcomeCollector,
    grep?: string,
    families?: ReadonlySet<string>,
  ): Promise<void>;
  /** Lets running tests finish and starts no more (an interrupted run). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export async function startEngine(settings: EngineSettings): Promise<Engine> {
  // The reporters are fixed when vitest starts; each run's collector is plugged in here.
  let current: OutcomeCollector | undefined;
  const relay: Reporter = {
    onTestRunEnd: (modules, errors) => current?.onTestRunEnd(modules, errors),
  };
  // The project is defined here, not in a config file: the tool runs the same way from a clone and from
  // an installed package (vitest.config.ts is the repository's own test setup).
  const vitest = await createVitest('test', {
    root: packageRoot,
    config: false,
    name: 'conformance',
    include: [`${relative(packageRoot, suitesDir)}/*.suite.${ext}`],
    setupFiles: [join(suitesDir, 'support', `setup.${ext}`)],
    // Suites share nothing but the run context, so one module graph per worker is safe and saves
    // re-importing undici and the catalogue for every file.
    isolate: false,
    pool: 'threads',
    watch: false,
    reporters:
      settings.output === 'verbose'
        ? ['default', relay]
        : settings.output === 'progress'
          ? [new ProgressReporter(settings.out ?? process.stdout, settings.paint ?? noPaint), relay]
          : [relay],
    passWithNoTests: true,
    testTimeout: settings.timeoutMs,
    hookTimeout: settings.timeoutMs,
    ...(settings.sequential && { fileParallelism: false, maxWorkers: 1 }),
  });
  let specs: TestSpecification[] | undefined;
  try {
    await vitest.standalone();
    specs = await vitest.globTestSpecifications();
  } catch (error) {
    await vitest.close();
    throw error;
  }
  const all = specs;
  return {
    async run(context, collector, grep, families) {
      current = collector;
      for (const project of vitest.projects) project.provide('kmsct', context);
      if (grep !== undefined) vitest.setGlobalTestNamePattern(grep);
      else vitest.resetGlobalTestNamePattern();
      try {
        const family = (s: TestSpecification) => basename(s.moduleId).replace(/\.suite\.[jt]s$/, '');
        const chosen = families ? all.filter((s) => families.has(family(s))) : all;
        await vitest.runTestSpecifications(chosen, chosen.length === all.length);
      } finally {
        current = undefined;
      }
    },
    cancel: () => vitest.cancelCurrentRun('keyboard-input'),
    close: () => vitest.close(),
  };
}
