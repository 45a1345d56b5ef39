/**
 * The test engine: one vitest instance for the conformance project, which runs the suites once (`run`) or
 * once per plant (`gallery`). Reusing it keeps the vite server, its transform cache and the resolved config
 * across runs, so a run costs its tests and its workers, not a new vitest.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVitest, type Reporter, type TestSpecification } from 'vitest/node';
import type { RunContext } from '../config/run-context.js';
import type { OutcomeCollector } from '../report/collector.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface EngineSettings {
  /** No vitest reporter of its own: only the collector hears the run. */
  readonly quiet: boolean;
  /** One file at a time (a paced run keeps its --rate across files). */
  readonly sequential: boolean;
  /** Per test and hook: a check never times out before the run's own limit. */
  readonly timeoutMs: number;
}

export interface Engine {
  /** Runs every suite against the context's target; the collector hears every result. */
  run(context: RunContext, collector: OutcomeCollector, grep?: string): Promise<void>;
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
  const vitest = await createVitest('test', {
    root: packageRoot,
    config: resolve(packageRoot, 'vitest.config.ts'),
    project: ['conformance'],
    watch: false,
    reporters: settings.quiet ? [relay] : ['default', relay],
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
    async run(context, collector, grep) {
      current = collector;
      for (const project of vitest.projects) project.provide('kmsct', context);
      if (grep !== undefined) vitest.setGlobalTestNamePattern(grep);
      else vitest.resetGlobalTestNamePattern();
      try {
        await vitest.runTestSpecifications(all, true);
      } finally {
        current = undefined;
      }
    },
    cancel: () => vitest.cancelCurrentRun('keyboard-input'),
    close: () => vitest.close(),
  };
}
