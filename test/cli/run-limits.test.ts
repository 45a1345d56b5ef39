/**
 * `kms-conformance run` where something other than the target's conformance decides the outcome: bad flags,
 * unwritable reports, unreachable or silent targets, TLS trust, the key budget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference/server.js';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { loopbackTarget, runCli, targetOf } from '../support/spawn.js';

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
describe('kms-conformance run: errors are not conformance failures (exit 2)', () => {
  it.each([
    [['--edition', 'latest'], '--edition must be one of seed, current, but received "latest"'],
    [['--target', 'http://127.0.0.1:9'], '--project-id is required with --target'],
    [
      ['--target', 'ftp://x', '--project-id', 'a'.repeat(32), '--token', 't'],
      '--target must be an http(s) URL',
    ],
    [['--rate', 'fast'], '--rate must be an integer from 0 to 10000, but received "fast"'],
    [['--grep', '('], '--grep must be a regular expression'],
    [
      ['--fault', 'x', '--target', 'http://127.0.0.1:9', '--project-id', 'a'.repeat(32), '--token', 't'],
      '--fault plants faults in the embedded reference',
    ],
  ])('%j', async (args, message) => {
    const result = await runCli(['run', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('reports that cannot be written: the summary is printed, then KMSCT_ERR_REPORT', async () => {
    const file = join(tempDir('blocked'), 'a-file');
    writeFileSync(file, '');
    const result = await runCli([
      'run',
      '--grep',
      'CK-CREATE-MINIMAL',
      '--report-dir',
      join(file, 'reports'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('verdict: incomplete');
    expect(result.stderr).toContain('KMSCT_ERR_REPORT: cannot write reports to');
  });

  it('an unreachable target', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await runCli(['run', ...loopbackTarget(port)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KMSCT_ERR_TARGET_UNREACHABLE');
  });

  it('a target that accepts connections and never answers ends as an error within the timeout', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    try {
      const result = await runCli(['run', ...loopbackTarget(port), '--timeout-ms', '1000'], {
        timeoutMs: 30_000,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /KMSCT_ERR_TARGET_UNREACHABLE: create-key \{\}: the target did not answer: KMSCT_ERR_TIMEOUT: expected an answer within 1000 ms/,
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe('kms-conformance run: TLS and live-target safety', () => {
  const cert = new URL('../fixtures/localhost-cert.pem', import.meta.url);
  const key = new URL('../fixtures/localhost-key.pem', import.meta.url);

  it('checks an HTTPS target with --ca-file, refuses an unknown CA (exit 2), and accepts --insecure', async () => {
    const server = await startReferenceServer({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    const common = [
      'run',
      ...targetOf(server),
      '--token',
      server.token,
      '--grep',
      'CK-CREATE-MINIMAL|CK-ALIAS-REQUIRED',
      '--allow-incomplete',
    ];
    try {
      const trusted = await runCli([...common, '--ca-file', cert.pathname, '--report-dir', tempDir('tls')]);
      expect(trusted.code, trusted.stderr).toBe(0);
      const unknown = await runCli([...common, '--report-dir', tempDir('tls2')]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(
        /KMSCT_ERR_TLS: create-key \{\}: the TLS handshake failed: .*certificate.*pass --ca-file <pem>, or --insecure/i,
      );
      const insecure = await runCli([...common, '--insecure', '--report-dir', tempDir('tls3')]);
      expect(insecure.code, insecure.stderr).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('--max-keys caps creations; what the budget cannot reach is skipped for budget, and the verdict is incomplete', async () => {
    const dir = tempDir('budget');
    const result = await runCli(['run', '--max-keys', '5', '--report-dir', dir]);
    expect(result.code, result.stdout.slice(-1500)).toBe(3);
    const report = readReport(dir);
    expect(report.summary.verdict).toBe('incomplete');
    expect(report.keys.created.length).toBeLessThanOrEqual(5);
    const budgetSkips = report.requirements.filter((r) => r.skipKind === 'budget');
    expect(budgetSkips.length).toBeGreaterThan(0);
    expect(budgetSkips.every((r) => /--max-keys 5/.test(r.reason ?? ''))).toBe(true);
    // Refusals cost no key: no negative check is skipped for the budget.
    expect(
      report.requirements.filter((r) => /INVALID|REQUIRED|TYPE$/.test(r.id)).map((r) => r.status),
    ).not.toContain('skip');
    // Only the two boundary checks that cannot carry a prefix (one character; the bare "default") may differ.
    const unprefixed = report.keys.created
      .filter((k) => !k.alias.startsWith(report.runId))
      .map((k) => k.alias);
    expect(unprefixed.filter((a) => a.length > 1 && !/^default$/i.test(a))).toEqual([]);
  });

  it('prints the catalogue with list and the gallery with faults', async () => {
    const listed = await runCli(['list', '--edition', 'current']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/CK-KEYSTORE-ID\s+-\s+SHOULD/);
    expect(listed.stdout).toMatch(/63 requirements/);
    const faults = await runCli(['faults']);
    expect(faults.stdout).toContain('missing-domain-id');
  });
});
