import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from './options.js';
import { parseServeOptions } from './serve.js';

const configFile = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'kmsct-config-')), 'kms-conformance.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('run configuration: flags > environment > config file > defaults', () => {
  it('takes defaults when nothing is given', () => {
    expect(resolveRunOptions([], {})).toMatchObject({
      edition: 'seed',
      strict: false,
      reportDir: 'reports',
      timeoutMs: 10_000,
      numRuns: 50,
      concurrency: 32,
    });
  });

  it('lets the environment override the file, and flags override both', () => {
    const file = configFile({ edition: 'current', 'num-runs': 7, 'report-dir': 'from-file', seed: 1 });
    const env = { KMSCT_CONFIG: file, KMSCT_EDITION: 'seed', KMSCT_SEED: '2' };
    expect(resolveRunOptions([], env)).toMatchObject({
      edition: 'seed',
      numRuns: 7,
      reportDir: 'from-file',
      seed: 2,
    });
    expect(resolveRunOptions(['--seed', '3', '--report-dir', 'from-flag'], env)).toMatchObject({
      seed: 3,
      reportDir: 'from-flag',
      edition: 'seed',
    });
  });

  it('defaults to live-target safety for a target that is not loopback', () => {
    const options = resolveRunOptions(
      ['--target', 'https://kms.example.com', '--project-id', 'a'.repeat(32), '--token', 't'],
      {},
    );
    expect(options).toMatchObject({ concurrency: 4 });
    expect(options !== 'help' && options.rate).toBeUndefined(); // prepareRun turns undefined into 10/s off loopback
  });

  it.each([
    [{ nope: 1 }, 'unknown setting "nope"'],
    ['{not json', 'must be JSON, but it does not parse'],
    [[1, 2], 'must be a JSON object'],
  ])('refuses a config file %j with a clear message', (content, message) => {
    expect(() => resolveRunOptions([], { KMSCT_CONFIG: configFile(content) })).toThrow(message);
  });

  it('refuses a config file named but missing', () => {
    expect(() => resolveRunOptions(['--config', '/nonexistent/x.json'], {})).toThrow(
      '--config must be a readable JSON file, but received "/nonexistent/x.json"',
    );
  });
});

describe('the cloud profile and the settle window', () => {
  it('run: --profile cloud shapes the embedded reference only; --settle-ms is a bounded integer', () => {
    expect(resolveRunOptions(['--profile', 'cloud', '--settle-ms', '2500'], {})).toMatchObject({
      profile: 'cloud',
      settleMs: 2500,
    });
    expect(() =>
      resolveRunOptions(
        [
          '--profile',
          'cloud',
          '--target',
          'https://kms.example.com',
          '--project-id',
          '0'.repeat(32),
          '--token',
          't',
        ],
        {},
      ),
    ).toThrow(
      '--profile shapes the embedded reference; it cannot be used with --target (serve --profile cloud serves it)',
    );
    expect(() => resolveRunOptions(['--profile', 'edge'], {})).toThrow(
      '--profile must be one of cloud, but received "edge"',
    );
    expect(() => resolveRunOptions(['--settle-ms', 'soon'], {})).toThrow('--settle-ms');
  });

  it('serve: --profile cloud takes a rate limit and a settle window; they mean nothing without it', () => {
    expect(
      parseServeOptions(['--profile', 'cloud', '--rate-limit', '40', '--settle-ms', '900'], {}),
    ).toMatchObject({
      profile: 'cloud',
      cloud: { rate: 40, burst: 40, settleMs: 900 },
    });
    expect(() => parseServeOptions(['--rate-limit', '40'], {})).toThrow(
      '--rate-limit and --settle-ms shape the cloud profile: add --profile cloud',
    );
  });
});
