import { defineConfig } from 'vitest/config';

/**
 * Three projects, run separately or together:
 * - unit: the tool's own tests (schemas, catalogue, generators, transport, reference, CLI);
 * - conformance: the suites/ that judge a target (the embedded reference unless KMSCT_TARGET is set);
 * - gallery: the suite run against every planted fault and variant (kms-conformance gallery);
 * - contract: Pact consumer and provider tests, in forks, one file at a time.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/gallery.test.ts'],
          globalSetup: ['test/support/build.ts'],
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
          // re-importing undici, ajv and the catalogue for every file (the run's main cost).
          isolate: false,
          pool: 'threads',
          testTimeout: 20_000,
          hookTimeout: 30_000,
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
    ],
  },
});
