/**
 * `kms-conformance run` stopped from outside, or pointed at something that is not a KMS: it ends with the
 * exit code that says so, its keys scheduled for deletion, its reports written, nothing left behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { type Behaviour, passThrough, send, startHostile } from '../support/hostile.js';
import { runCli } from '../support/spawn.js';

const runArgs = (url: string, projectId: string, dir: string) => [
  'run',
  '--target',
  url,
  '--project-id',
  projectId,
  '--report-dir',
  dir,
  '--timeout-ms',
  '2000',
];

describe('run interrupted', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s mid-run: keys scheduled for deletion, reports written with the interruption, no state left, conventional exit code',
    async (signal) => {
      // Slow answers keep the run busy long enough to be interrupted in the middle of its checks.
      const slow: Behaviour = async (ctx) => {
        await new Promise((r) => setTimeout(r, 50));
        await passThrough(ctx);
      };
      const hostile = await startHostile(slow);
      const dir = tempDir('interrupted');
      const tmp = mkdtempSync(join(tmpdir(), 'kmsct-tmp-'));
      let signalledAt = 0;
      try {
        const result = await runCli(runArgs(hostile.url, hostile.projectId, dir), {
          env: { KMSCT_TOKEN: hostile.token, TMPDIR: tmp },
          timeoutMs: 60_000,
          onStart: (child) => {
            // Once the key phase has made keys: the first few hundred requests.
            const timer = setInterval(() => {
              if (hostile.received() < 60) return;
              clearInterval(timer);
              signalledAt = performance.now();
              child.kill(signal);
            }, 20);
            child.on('exit', () => clearInterval(timer));
          },
        });
        const afterSignal = (performance.now() - signalledAt) / 1000;
        expect(result.code, result.stderr.slice(-400)).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(afterSignal, 'seconds from the signal to the exit').toBeLessThan(15);
        const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
        expect(report.summary.interrupted).toMatch(new RegExp(`^interrupted by ${signal}`));
        expect(report.keys.created.length).toBeGreaterThan(0);
        expect(report.keys.cleaned.map((k) => k.outcome)).toEqual(report.keys.created.map(() => 'scheduled'));
        expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
        expect(result.stdout).toContain(`interrupted by ${signal}`);
        // The run's state folder (kmsct-*) is removed, like on any other ending.
        expect(readdirSync(tmp).filter((f) => f.startsWith('kmsct-'))).toEqual([]);
      } finally {
        await hostile.close();
      }
    },
    90_000,
  );
});

describe('run against something that is not a KMS, or refuses us: a start-up error (exit 2) that says what to fix', () => {
  const cases: [string, Behaviour, RegExp][] = [
    [
      'a web server answering 404 to everything',
      ({ res }) => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>Not Found</body></html>');
      },
      /KMSCT_ERR_NOT_KMS: create-key answered 404 \(text\/html\).*is --target the KMS endpoint/,
    ],
    [
      'a KMS that refuses the token',
      ({ res }) =>
        send(
          res,
          401,
          JSON.stringify({
            error: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information' },
          }),
        ),
      /KMSCT_ERR_CREDENTIALS: the target refused the credentials: create-key answered 401/,
    ],
  ];
  it.each(cases)('%s', async (_, behaviour, message) => {
    const hostile = await startHostile(behaviour);
    const dir = tempDir('startup');
    try {
      const result = await runCli(runArgs(hostile.url, hostile.projectId, dir), {
        env: { KMSCT_TOKEN: hostile.token },
        timeoutMs: 30_000,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      // One request told it all: the run did not go on knocking.
      expect(hostile.received()).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.summary.verdict).toBe('error');
    } finally {
      await hostile.close();
    }
  });
});
