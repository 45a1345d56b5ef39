import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference/server.js';
import type { Report } from '../../src/report/model.js';
import { reportSchema } from '../support/report-schema.js';
import { filesUnder, tempDir } from '../support/files.js';
import { runCli } from '../support/spawn.js';

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
/** The arguments that point a run at a reference server of the test's own. */
const targetOf = (server: { url: string; projectId: string }) => [
  '--target',
  server.url,
  '--project-id',
  server.projectId,
];
const statusOf = (report: Report, id: string) => report.requirements.find((r) => r.id === id)?.status;

describe('kms-conformance run against the embedded reference', () => {
  it('is conformant: exit 0, every requirement passes, none skipped, reports valid, no secret in any artefact', async () => {
    // A reference of our own with distinctive secrets, so that every artefact can be searched for them.
    const token = 'TOKEN-Zq8Xv3-distinctive-0b1c2d';
    const sk = 'SK-Wm4Ty7-distinctive-9e8f7a';
    const ak = 'AKDISTINCTIVE0001';
    const server = await startReferenceServer({ token, ak, sk });
    const dir = tempDir('ref');
    try {
      const result = await runCli([
        'run',
        ...targetOf(server),
        '--token',
        token,
        '--ak',
        ak,
        '--sk',
        sk,
        '--report-dir',
        dir,
        '--seed',
        '11',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const report = readReport(dir);
      expect(reportSchema(report), JSON.stringify(reportSchema.errors)).toBe(true);
      expect(report.summary.verdict).toBe('conformant');
      expect(report.seed).toBe(11);
      expect(
        report.requirements
          .filter((r) => r.status !== 'pass')
          .map((r) => `${r.id}: ${r.status} ${r.reason ?? ''}`),
      ).toEqual([]);
      expect(report.target.signingChecks).toBe(true);
      // The key planner packs what needs a key: the whole catalogue in at most 40 keys.
      expect(report.keys.created.length).toBeGreaterThan(15);
      expect(report.keys.created.length).toBeLessThanOrEqual(40);
      expect(report.keys.cleaned.every((k) => k.outcome === 'scheduled')).toBe(true);
      expect(report.summary.coverage.MUST).toEqual({ checked: 35, total: 35 });
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(
        /<testsuites name="kms-conformance seed edition" tests="62"/,
      );
      expect(result.stdout).toMatch(/MUST checked 35\/35, SHOULD 18\/18/);
      expect(result.stdout).toContain('verdict: conformant');
      expect(result.stdout).toContain('seed 11');
      const artefacts = [
        ...filesUnder(dir),
        { path: 'stdout', text: result.stdout },
        { path: 'stderr', text: result.stderr },
      ];
      expect(artefacts.map((a) => a.path)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/report\.html$/),
          expect.stringMatching(/junit\.xml$/),
        ]),
      );
      for (const { path, text } of artefacts) {
        expect(text.includes(token), `${path} contains the token`).toBe(false);
        expect(text.includes(sk), `${path} contains the SK`).toBe(false);
      }
    } finally {
      await server.close();
    }
  });

  it('is conformant under the current edition too', async () => {
    const dir = tempDir('cur');
    const result = await runCli(['run', '--report-dir', dir, '--edition', 'current']);
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    const report = readReport(dir);
    expect(report.requirements.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual([]);
    expect(report.requirements.map((r) => r.id)).toContain('CK-KEYSTORE-ID');
    expect(report.requirements.map((r) => r.id)).not.toContain('CK-ORIGIN-EXTERNAL-AES-ONLY');
  });

  it('runs only what --grep selects, lists the rest as not selected, and calls the verdict incomplete (exit 3)', async () => {
    const dir = tempDir('grep');
    const result = await runCli(['run', '--report-dir', dir, '--grep', '^CK-ALIAS-']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('verdict: incomplete');
    const allowed = await runCli([
      'run',
      '--report-dir',
      tempDir('grep2'),
      '--grep',
      '^CK-ALIAS-',
      '--allow-incomplete',
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('verdict: incomplete (allowed by --allow-incomplete)');
    const report = readReport(dir);
    expect(report.summary.verdict).toBe('incomplete');
    expect(statusOf(report, 'CK-ALIAS-REQUIRED')).toBe('pass');
    expect(report.requirements.find((r) => r.id === 'CK-RESP-SCHEMA')).toMatchObject({
      status: 'skip',
      reason: 'skipped: not selected by --grep',
      skipKind: 'selection',
    });
    // Only what the selected requirements need is planned: no key for a response check nobody asked for.
    expect(
      report.keyPhase?.creates.every((c) => c.facets.some((f) => /alias|key_spec|key_usage|origin/.test(f))),
    ).toBe(true);
  });
});

// The live profile (--max-keys 10 --concurrency 4) is what the gallery runs for the reference and every
// plant: test/gallery.test.ts checks its coverage and key count from the gallery's reports.
describe('kms-conformance run on a budget: the plan', () => {
  it('--dry-run prints the plan, the requests and the time at --rate, and sends nothing to the target', async () => {
    let received = 0;
    const server = createHttpServer((_req, res) => {
      received++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await runCli([
        'run',
        '--dry-run',
        '--target',
        `http://127.0.0.1:${port}`,
        '--project-id',
        'a'.repeat(32),
        '--token',
        't',
        '--max-keys',
        '10',
        '--rate',
        '10',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /Key plan: 9 creates within --max-keys 10, \d+ at once; every MUST and SHOULD value needs 9/,
      );
      expect(result.stdout).toMatch(/ P0 {2}minimal /);
      const requests = Number(/Requests: (\d+)/.exec(result.stdout)?.[1]);
      expect(requests).toBeGreaterThan(100);
      expect(result.stdout).toContain(`Time at 10 requests/s (--rate): about ${Math.ceil(requests / 10)} s.`);
      expect(received).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('kms-conformance run against deliberately broken servers', () => {
  // How a MUST failure reaches the user is shown by the unsharded run of test/cli/shard.test.ts; the
  // gallery runs every fault.
  it('a SHOULD fault is a warning (exit 0), and fails the run with --strict (exit 1)', async () => {
    const warn = tempDir('should');
    const lenient = await runCli([
      'run',
      '--report-dir',
      warn,
      '--fault',
      'symmetric-sign-accepted',
      '--grep',
      'CK-USAGE-SYMMETRIC-SIGN',
      '--allow-incomplete',
    ]);
    expect(lenient.code).toBe(0);
    expect(readReport(warn).summary).toMatchObject({ verdict: 'incomplete', warnings: 1 });
    expect(statusOf(readReport(warn), 'CK-USAGE-SYMMETRIC-SIGN')).toBe('fail');
    const strict = await runCli([
      'run',
      '--report-dir',
      tempDir('strict'),
      '--fault',
      'symmetric-sign-accepted',
      '--grep',
      'CK-USAGE-SYMMETRIC-SIGN',
      '--strict',
    ]);
    expect(strict.code).toBe(1);
  });
});

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
    const result = await runCli([
      'run',
      '--target',
      `http://127.0.0.1:${port}`,
      '--project-id',
      'a'.repeat(32),
      '--token',
      't',
    ]);
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
      const result = await runCli(
        [
          'run',
          '--target',
          `http://127.0.0.1:${port}`,
          '--project-id',
          'a'.repeat(32),
          '--token',
          't',
          '--timeout-ms',
          '1000',
        ],
        {
          timeoutMs: 30_000,
        },
      );
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
