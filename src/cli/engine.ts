/**
 * The test engine: one vitest instance for the conformance project, which runs the suites once (`run`) or
 * once per plant (`gallery`). Reusing it keeps the vite server, its transform cache and the resolved config
 * across runs, so a run costs its tests and its workers, not a new vitest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  /**
   * Runs every suite against several targets in one vitest run (the gallery): each gets its own copy of the
   * suite files, which names its context first, so the worker loads the suites' modules once for all.
   */
  runMany(
    items: readonly { label: string; context: RunContext; collector: OutcomeCollector }[],
  ): Promise<void>;
  /** Lets running tests finish and starts no more (an interrupted run). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export async function startEngine(settings: EngineSettings): Promise<Engine> {
  // The reporters are fixed when vitest starts; each run's collectors are plugged in here, each hearing the
  // files under its folder (a run's: all of them).
  let current: { prefix: string; collector: OutcomeCollector }[] = [];
  const relay: Reporter = {
    onTestRunEnd: (modules, errors) => {
      for (const { prefix, collector } of current)
        collector.onTestRunEnd(
          modules.filter((m) => m.moduleId.startsWith(prefix)),
          errors,
        );
    },
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
    // The build's modules are plain JavaScript: Node loads them itself, vite need not transform them.
    ...(fromBuild && { server: { deps: { external: [/\/dist\/src\//, /\/dist\/suites\/support\//] } } }),
    watch: false,
    reporters:
      settings.output === 'verbose'
        ? ['default', relay]
        : settings.output === 'progress'
          ? [new ProgressReporter(settings.out ?? process.stdout, settings.paint ?? noPaint), relay]
          : [relay],
    passWithNoTests: true,
    // No results cache: it would grow with every gallery's temporary suite copies, and be written into the
    // installed package's folder.
    cache: false,
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
  // Each suite file as its copies need it (imports made absolute), read once for every batch of the engine.
  const copies = new Map<string, string>();
  const copyOf = (moduleId: string) => {
    let text = copies.get(moduleId);
    if (text === undefined) {
      text = absoluteImports(readFileSync(moduleId, 'utf8'), dirname(moduleId));
      copies.set(moduleId, text);
    }
    return text;
  };
  return {
    async run(context, collector, grep, families) {
      current = [{ prefix: '', collector }];
      for (const project of vitest.projects) project.provide('kmsct', context);
      if (grep !== undefined) vitest.setGlobalTestNamePattern(grep);
      else vitest.resetGlobalTestNamePattern();
      try {
        const family = (s: TestSpecification) => basename(s.moduleId).replace(/\.suite\.[jt]s$/, '');
        const chosen = families ? all.filter((s) => families.has(family(s))) : all;
        await vitest.runTestSpecifications(chosen, chosen.length === all.length);
      } finally {
        current = [];
      }
    },
    async runMany(items) {
      const dir = mkdtempSync(join(tmpdir(), 'kmsct-suites-'));
      try {
        const project = vitest.projects[0];
        if (!project) throw new Error('KMSCT_ERR_ENGINE: vitest has no project');
        const specs: TestSpecification[] = [];
        current = items.map((item, i) => ({ prefix: join(dir, String(i), '/'), collector: item.collector }));
        for (const [i, item] of items.entries()) {
          mkdirSync(join(dir, String(i)));
          for (const spec of all) {
            const copy = join(dir, String(i), basename(spec.moduleId));
            writeFileSync(copy, `${bindLine(item.label)}${copyOf(spec.moduleId)}\n`);
            specs.push(project.createSpecification(copy));
          }
        }
        project.provide('kmsct-many', Object.fromEntries(items.map((x) => [x.label, x.context])));
        vitest.resetGlobalTestNamePattern();
        await vitest.runTestSpecifications(specs, true);
      } finally {
        current = [];
        rmSync(dir, { recursive: true, force: true });
      }
    },
    cancel: () => vitest.cancelCurrentRun('keyboard-input'),
    close: () => vitest.close(),
  };
}

/** A suite file's relative imports made absolute: its copies live elsewhere. */
function absoluteImports(text: string, from: string): string {
  return text.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g,
    (_, lead: string, quote: string, spec: string) =>
      `${lead}${quote}${pathToFileURL(resolve(from, spec)).href}${quote}`,
  );
}

/**
 * The first statement of a copy for one of several runs: it chooses the run the copy judges before any of its
 * own code reads the run (whether or not the module runner hoists the imports, loading the support modules
 * reads no run).
 */
function bindLine(label: string): string {
  const context = pathToFileURL(join(suitesDir, 'support', 'context.js')).href;
  return `import { useRun as kmsctUseRun } from '${context}';\nkmsctUseRun(${JSON.stringify(label)});\n`;
}
