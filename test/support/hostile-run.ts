/**
 * A run of the CLI against a hostile target: whatever the target does, the run must write its reports, stay
 * within its memory, and print no secret anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { filesUnder, tempDir } from './files.js';
import { type Behaviour, type Hostile, startHostile } from './hostile.js';
import { type Finished, runCli } from './spawn.js';

/** The live profile: what a user runs against a real account. */
export const live = ['--max-keys', '10', '--concurrency', '4'];

/** Peak memory any hostile run may reach; an ordinary run of the whole suite peaks at about 300 MiB. */
const maxMiB = 700;

export interface Outcome {
  readonly result: Finished;
  readonly report: Report;
  readonly hostile: Hostile;
}

export async function runAgainst(
  behaviour: Behaviour,
  extra: readonly string[] = [],
  outerMs = 90_000,
): Promise<Outcome> {
  const hostile = await startHostile(behaviour);
  const dir = tempDir('hostile');
  try {
    const result = await runCli(
      [
        'run',
        '--target',
        hostile.url,
        '--project-id',
        hostile.projectId,
        '--report-dir',
        dir,
        '--timeout-ms',
        '1000',
        ...extra,
      ],
      { env: { KMSCT_TOKEN: hostile.token }, timeoutMs: outerMs },
    );
    expect(existsSync(join(dir, 'report.json')), `no report.json; stderr: ${result.stderr.slice(-500)}`).toBe(
      true,
    );
    expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
    for (const { path, text } of [
      ...filesUnder(dir),
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
    ])
      expect(text.includes(hostile.token), `${path} contains the token`).toBe(false);
    expect(result.peakMiB, 'peak resident memory (MiB)').toBeLessThan(maxMiB);
    return { result, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report, hostile };
  } finally {
    await hostile.close();
  }
}

export const errorsOf = (r: Report) =>
  r.requirements.filter((q) => q.status === 'error').map((q) => `${q.id}: ${q.reason}`);
export const failsOf = (r: Report) => r.requirements.filter((q) => q.status === 'fail').map((q) => q.id);
