/**
 * `kms-conformance run` pointed at something that is not a KMS, or that refuses us: it ends with the exit code
 * that says so and what to fix, its reports written, nothing left behind. (Interrupted runs:
 * test/cli/interrupt.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { type Behaviour, send, startHostile } from '../support/hostile.js';
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
