import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudDeviations } from '../../src/reference/cloud.js';
import { startReferenceServer } from '../../src/reference/server.js';
import type { Report } from '../../src/report/model.js';
import { filesUnder, tempDir } from '../support/files.js';
import { reportSchema } from '../support/report-schema.js';
import { loopbackTarget, runCli, targetOf } from '../support/spawn.js';

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
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
    expect(result.stdout).not.toContain('allowed by --allow-incomplete');
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
        ...loopbackTarget(port),
        '--max-keys',
        '10',
        '--rate',
        '10',
        '--settle-ms',
        '2000',
        '--retry-budget-seconds',
        '30',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /Key plan: 9 creates within --max-keys 10, \d+ at once; every MUST and SHOULD value needs 9/,
      );
      expect(result.stdout).toMatch(/ P0 {2}minimal /);
      const requests = Number(/Requests: (\d+)/.exec(result.stdout)?.[1]);
      expect(requests).toBeGreaterThan(100);
      const seconds = Math.ceil(requests / 10);
      expect(result.stdout).toContain(`Time at 10 requests/s (--rate): about ${seconds} s.`);
      // What a target's settling keys and its throttling could add, each bounded by its flag.
      const keys = Number(/each of the (\d+) keys is read after its create/.exec(result.stdout)?.[1]);
      expect(keys).toBeGreaterThanOrEqual(9);
      expect(result.stdout).toContain(`may wait up to --settle-ms 2000 for it: at most ${keys * 2} s more.`);
      expect(result.stdout).toContain('within --retry-budget-seconds: at most 30 s more.');
      expect(result.stdout).toContain(`In all: about ${seconds} s, at most ${seconds + keys * 2 + 30} s.`);
      expect(received).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('kms-conformance run against deliberately broken servers', () => {
  // How a MUST failure reaches the user is shown by the unsharded run of test/ci/recipes.test.ts; the
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
    // --allow-incomplete: the selection leaves the verdict incomplete, and the run still passes.
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('verdict: incomplete (allowed by --allow-incomplete)');
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

describe('kms-conformance run --profile cloud', () => {
  it('rehearses the real cloud: the gateway’s answers fail as deviations it is blamed for, with request ids', async () => {
    const dir = tempDir('cloud');
    const result = await runCli(['run', '--profile', 'cloud', '--grep', '^CK-AUTH-', '--report-dir', dir]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /^kms-conformance \S+: embedded reference \(cloud profile\) at http:\/\/127\.0\.0\.1:\d+, /m,
    );
    expect(result.stdout).toMatch(/answered by the API gateway \(APIGW\.0301\), request id [0-9a-f]{32}/);
    const report = readReport(dir);
    expect(reportSchema(report), JSON.stringify(reportSchema.errors)).toBe(true);
    const failed = report.requirements.filter((r) => r.status === 'fail');
    // The rules every answer keeps are judged on the refusals the selection sent, too.
    expect(failed.map((r) => r.id).sort()).toEqual([...cloudDeviations('seed')].sort());
    for (const f of failed.flatMap((r) => r.failures))
      expect(f).toMatchObject({ gateway: 'APIGW.0301', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // The views carry them too.
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain(
      'answered by the API gateway (APIGW.0301), not by the service',
    );
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(
      '<strong>Answered by the API gateway</strong>',
    );
  });
});
