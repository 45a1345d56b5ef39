import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The gallery first, then the files that declare the longest timeouts (a test given two minutes expects to
 * run long), then the biggest: long runs start while the cores are free and short files fill the gaps at the
 * end (vitest's own order puts small files with long runs, like the fuzz test, last on a fresh clone, with no
 * timings cached).
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const timeouts = (text: string) =>
      [...text.matchAll(/,\s*(\d+)_000,?\s*\)/g)].map((m) => Number(m[1]) * 1000);
    const rank = new Map(
      files.map((f) => {
        const text = readFileSync(f.moduleId, 'utf8');
        const timeout = Math.max(f.project.config.testTimeout, ...timeouts(text));
        return [f, f.project.name === 'gallery' ? Number.POSITIVE_INFINITY : timeout * 1e6 + text.length];
      }),
    );
    return [...files].sort((a, b) => (rank.get(b) ?? 0) - (rank.get(a) ?? 0));
  }
}

/**
 * Test files at once, in every project (one number: vitest runs projects of equal maxWorkers together, with no
 * barrier between them). One more than the cores, as most files wait on sockets, timers or a CLI process of
 * their own; more workers only made the CLI processes and the gallery's lanes fight over the cores (measured
 * on 2 cores: 3 workers 148-173 s for npm test's vitest run; 4 workers 188 s; 5 workers 177-187 s; 2 workers
 * 179 s).
 */
const workers = availableParallelism() + 1;

/**
 * The tests that run the tool as a user does (the built CLI in a process of its own, the packed tarball), and
 * the reference's socket server under a fuzz of raw requests, one connection each: the slowest of the edit-test
 * loop, so `npm test` runs them and `npm run test:fast` does not.
 */
const endToEnd = ['test/cli/**', 'test/hostile/**', 'test/package/**', 'test/report/**', 'test/ci/**'];
const endToEndFiles = [...endToEnd.map((d) => `${d}/*.test.ts`), 'test/reference/fuzz.test.ts'];

/**
 * Projects, run separately or together:
 * - unit: the tool's own fast tests (schemas, catalogue, generators, planner, transport, reference);
 * - conformance: the suites/ that judge a target (the embedded reference unless KMSCT_TARGET is set);
 * - e2e: the built CLI against real and hostile servers, the tarball, the HTML report in chromium, the CI recipes;
 * - contract: Pact consumer and provider tests, in forks;
 * - gallery: the suite run against every planted fault and variant (kms-conformance gallery).
 * `npm run test:fast` is unit + conformance; `npm test` is all of them, in one vitest run.
 */
export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/gallery.test.ts', ...endToEndFiles],
          // No test here depends on a fresh module graph (checked with files shuffled under several seeds),
          // and importing undici, ajv's validators and the catalogue again for every file was half the
          // project's CPU time.
          isolate: false,
          pool: 'threads',
          maxWorkers: workers,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.suite.ts'],
          globalSetup: ['suites/support/global-setup.ts'],
          // Suites share nothing but the run context, so one module graph per worker is safe and saves
          // re-importing undici and the catalogue for every file (the run's main cost).
          isolate: false,
          pool: 'threads',
          maxWorkers: workers,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: endToEndFiles,
          globalSetup: ['test/support/build.ts'],
          // Each test mostly waits on a process of its own: files overlap their waits, and the gallery's
          // lanes fill the cores meanwhile.
          maxWorkers: workers,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['pact/**/*.pact.test.ts'],
          globalSetup: ['test/support/build.ts'],
          pool: 'forks',
          maxWorkers: workers,
          env: { PACT_DO_NOT_TRACK: 'true' },
          testTimeout: 60_000,
        },
      },
      {
        // The fault gallery: the whole suite through the CLI against every plant (its time is measured by
        // npm run bench:gallery, not here).
        test: {
          name: 'gallery',
          maxWorkers: workers,
          include: ['test/gallery.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
