import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The gallery first, then the biggest files: the longest runs start while the cores are free, and short files
 * fill the gaps (vitest's own order puts the small gallery file last on a fresh clone, with no timings cached).
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const size = (f: TestSpecification) =>
      f.project.name === 'gallery' ? Number.POSITIVE_INFINITY : statSync(f.moduleId).size;
    return [...files].sort((a, b) => size(b) - size(a));
  }
}

/**
 * Workers of the unit and conformance projects: one more than the cores, as their tests wait on sockets and
 * timers (vitest's default, one less than the cores, left one of two cores idle).
 */
const fastWorkers = availableParallelism() + 1;

/** The tests that run the tool as a user does: the built CLI in a process of its own, the packed tarball. */
const endToEnd = ['test/cli/**', 'test/hostile/**', 'test/package/**', 'test/report/**', 'test/ci/**'];

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
          exclude: ['test/gallery.test.ts', ...endToEnd],
          maxWorkers: fastWorkers,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.suite.ts'],
          globalSetup: ['suites/support/global-setup.ts'],
          setupFiles: ['suites/support/setup.ts'],
          // Suites share nothing but the run context, so one module graph per worker is safe and saves
          // re-importing undici and the catalogue for every file (the run's main cost).
          isolate: false,
          pool: 'threads',
          maxWorkers: fastWorkers,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: endToEnd.map((d) => `${d}/*.test.ts`),
          globalSetup: ['test/support/build.ts'],
          // Each test mostly waits on a process of its own: files overlap their waits. Vitest runs projects
          // group after group; e2e, contract and gallery share the second, so the gallery's two lanes fill
          // the cores while end-to-end tests wait on their targets.
          maxWorkers: 5,
          sequence: { groupOrder: 1 },
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
          maxWorkers: 5,
          sequence: { groupOrder: 1 },
          env: { PACT_DO_NOT_TRACK: 'true' },
          testTimeout: 60_000,
        },
      },
      {
        // The fault gallery: the whole suite through the CLI against every plant (its time is measured by
        // npm run bench:gallery, not here).
        test: {
          name: 'gallery',
          maxWorkers: 5,
          sequence: { groupOrder: 1 },
          include: ['test/gallery.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
