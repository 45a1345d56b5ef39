import { defineConfig } from 'vitest/config';

/** The tests that run the tool as a user does: the built CLI in a process of its own, the packed tarball. */
const endToEnd = ['test/cli/**', 'test/hostile/**', 'test/package/**', 'test/report/**', 'test/ci/**'];

/**
 * Projects, run separately or together:
 * - unit: the tool's own fast tests (schemas, catalogue, generators, planner, transport, reference);
 * - conformance: the suites/ that judge a target (the embedded reference unless KMSCT_TARGET is set);
 * - e2e: the built CLI against real and hostile servers, the tarball, the HTML report in chromium, the CI recipes;
 * - contract: Pact consumer and provider tests, in forks, one file at a time;
 * - gallery: the suite run against every planted fault and variant (kms-conformance gallery).
 * `npm run test:fast` is unit + conformance; `npm test` is all of them.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/gallery.test.ts', ...endToEnd],
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
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: endToEnd.map((d) => `${d}/*.test.ts`),
          globalSetup: ['test/support/build.ts'],
          // Each test mostly waits on a process of its own: files overlap their waits. (A group of its
          // own: vitest runs projects with different worker counts one group after the other.)
          maxWorkers: 4,
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
          fileParallelism: false,
          env: { PACT_DO_NOT_TRACK: 'true' },
          testTimeout: 60_000,
        },
      },
      {
        // The fault gallery: the whole suite through the CLI against every plant. Run on its own
        // (npm run test:gallery) so its timing is not shared with the other projects.
        test: {
          name: 'gallery',
          include: ['test/gallery.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
