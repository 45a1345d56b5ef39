/**
 * record, diff and serve --replay through the built CLI: recordings of one seed are byte-identical, and of two
 * seeds differ only in the random cases; diff says alike or different with the fault's requirements named; a
 * run against the replay of a recording gets the recorded verdict and statuses, and so does pact verify; no
 * token or SK reaches a recording or a diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/record/file.js';
import type { Recording } from '../../src/record/format.js';
import { tempDir } from '../support/files.js';
import { runCli, serveCli } from '../support/spawn.js';

const dir = tempDir('record');
const file = (name: string) => join(dir, name);
const seed = '31337';

/**
 * Every case's exchanges, placeholders compared by kind; not the pages of list-keys nor the end of the run (the
 * account's keys, the random cases' among them).
 */
const derived = (r: Recording) =>
  new Map(
    r.cases
      .filter((c) => c.requirement !== 'run-end')
      .map((c) => [
        c.fingerprint,
        JSON.stringify(c.exchanges.filter((x) => x.operation !== 'list-keys')).replace(
          /<([a-z-]+):\d+>/g,
          '<$1>',
        ),
      ]),
  );

describe('kms-conformance record', () => {
  beforeAll(async () => {
    const runs = await Promise.all(
      [
        ['record', '--seed', seed, '--out', file('a.json')],
        ['record', '--seed', seed, '--out', file('b.json')],
        ['run', '--seed', '4242', '--record', file('other-seed.json'), '--report-dir', file('other-seed')],
      ].map((argv) => runCli(argv, { timeoutMs: 90_000 })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('two recordings of the reference with one seed are byte-identical, and a recording by the schema', () => {
    const a = readFileSync(file('a.json'), 'utf8');
    expect(a).toBe(readFileSync(file('b.json'), 'utf8'));
    const recording = readRecording(file('a.json'));
    expect(recording).toMatchObject({
      target: 'embedded reference',
      seed: Number(seed),
      verdict: 'conformant',
    });
    expect(recording.cases.length).toBeGreaterThan(300);
    // The run's values are placeholders, the readings of §7 are there, no volatile header is.
    expect(a).toMatch(/"<key-id:1>"/);
    expect(a).not.toMatch(/"x-request-id"|"date":/);
    expect(recording.readings['S7-DUPLICATE-ALIAS']).toEqual([
      'a second create under the alias of the first key: refused (400 KMS.1104)',
      'creates of one alias at once: 1 of 32 accepted',
    ]);
  });

  it('with another seed, every derived case is the same; only the random cases differ', () => {
    const [a, b] = [derived(readRecording(file('a.json'))), derived(readRecording(file('other-seed.json')))];
    const differ = [...a.keys()].filter((fp) => a.get(fp) !== b.get(fp));
    const cases = readRecording(file('a.json')).cases;
    expect(differ.map((fp) => cases.find((c) => c.fingerprint === fp)?.case)).toEqual([
      'seeded random bodies',
    ]);
  });
});

describe('kms-conformance diff', () => {
  it('the reference against itself: alike, exit 0', async () => {
    const r = await runCli(['diff', file('a.json'), file('b.json'), '--out', file('same')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 difference(s): 0 deviation(s), 0 reading(s), 0 detail(s); 0 allowed');
    expect(r.stdout).toContain('A and B answer alike, up to the allowances');
  });

  it('against a planted fault recorded now: exit 1, the fault’s requirement named; an allowance accepts it', async () => {
    const r = await runCli(['diff', file('a.json'), 'reference+alias-max-256', '--out', file('fault')], {
      timeoutMs: 90_000,
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^ {2}CK-ALIAS-LENGTH-INVALID +deviation +\d+ {2}/m);
    const diff = JSON.parse(readFileSync(join(file('fault'), 'diff.json'), 'utf8')) as {
      differences: { requirement: string; kind: string }[];
    };
    expect([
      ...new Set(diff.differences.filter((d) => d.kind === 'deviation').map((d) => d.requirement)),
    ]).toEqual(['CK-ALIAS-LENGTH-INVALID']);
    const html = readFileSync(join(file('fault'), 'diff.html'), 'utf8');
    expect(html).toContain('<h2 id="r-CK-ALIAS-LENGTH-INVALID">CK-ALIAS-LENGTH-INVALID</h2>');
    expect(html).toContain(
      'curl -X POST &#39;http://127.0.0.1:&lt;port&gt;/v1.0/&lt;project-id&gt;/kms/create-key&#39;',
    );
    const allow = file('allow.json');
    writeFileSync(
      allow,
      JSON.stringify({
        allowances: [{ requirement: 'CK-ALIAS-LENGTH-INVALID', reason: 'known: ticket 12' }],
      }),
    );
    const accepted = await runCli(
      ['diff', file('a.json'), 'reference+alias-max-256', '--allow', allow, '--out', file('allowed')],
      {
        timeoutMs: 90_000,
      },
    );
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.stdout).toMatch(/CK-ALIAS-LENGTH-INVALID .* \(allowed\)$/m);
  }, 120_000);

  it('refuses what it cannot compare, with exit 2 and the reason', async () => {
    const one = await runCli(['diff', file('a.json')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('diff compares two: expected A and B, but received 1 operand(s)');
    writeFileSync(file('not-a-recording.json'), '{"format": "something else"}');
    const bad = await runCli(['diff', file('a.json'), file('not-a-recording.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KMSCT_ERR_RECORDING');
    expect(bad.stderr).toContain('is not a recording of this tool');
  });
});

describe('kms-conformance serve --replay', () => {
  const token = `TOKEN-${'5'.repeat(24)}`;
  const sk = `SK-${'7'.repeat(30)}`;
  let replay: { url: string; projectId: string; stop: () => Promise<void> };
  beforeAll(async () => {
    replay = await serveCli(['--replay', file('a.json'), '--ak', 'AKREPLAY01'], {
      KMSCT_TOKEN: token,
      KMSCT_SK: sk,
    });
  }, 60_000);
  afterAll(() => replay.stop());

  it('a run of the recorded seed gets the recorded verdict and every requirement its recorded status', async () => {
    const r = await runCli(
      [
        'run',
        '--target',
        replay.url,
        '--project-id',
        replay.projectId,
        '--ak',
        'AKREPLAY01',
        '--seed',
        seed,
        '--report-dir',
        file('replayed'),
        '--record',
        file('replayed.json'),
      ],
      { env: { KMSCT_TOKEN: token, KMSCT_SK: sk }, timeoutMs: 90_000 },
    );
    const recorded = readRecording(file('a.json'));
    const report = JSON.parse(readFileSync(join(file('replayed'), 'report.json'), 'utf8')) as {
      summary: { verdict: string };
      requirements: { id: string; status: string }[];
    };
    expect(report.summary.verdict).toBe(recorded.verdict);
    expect(Object.fromEntries(report.requirements.map((q) => [q.id, q.status]))).toEqual(
      recorded.requirements,
    );
    expect(r.code).toBe(0);
    // What the replay was asked and answered is what was recorded: the two recordings compare alike.
    const same = await runCli(['diff', file('a.json'), file('replayed.json'), '--out', file('replay-diff')]);
    expect(same.stdout).toContain('0 deviation(s)');
  }, 120_000);

  it('pact verify against it verifies the consumer contract', async () => {
    const r = await runCli(['pact', 'verify', '--target', replay.url, '--project-id', replay.projectId], {
      env: { KMSCT_TOKEN: token, PACT_DO_NOT_TRACK: 'true' },
      timeoutMs: 90_000,
    });
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
    expect(r.stdout).toContain(`pact verified against ${replay.url}`);
  }, 120_000);

  it('no token and no SK in any recording or diff file', () => {
    const files = ['a.json', 'replayed.json', 'replay-diff/diff.json', 'replay-diff/diff.html'].map(file);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text.includes(token), `${f} contains the token`).toBe(false);
      expect(text.includes(sk), `${f} contains the SK`).toBe(false);
    }
  });
});
