/**
 * `run --shard i/n` and `merge`: the shards of a run, merged, give what one unsharded run gives, requirement
 * by requirement, with one verdict; a missing shard leaves the merge incomplete; wrong inputs say why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { runCli } from '../support/spawn.js';

const common = ['run', '--seed', '7', '--fault', 'alias-max-256', '--fault', 'missing-domain-id'];
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const statuses = (r: Report) => Object.fromEntries(r.requirements.map((q) => [q.id, q.status]));

describe('a run in three shards, merged', () => {
  const shards = [1, 2, 3].map(() => tempDir('shard'));
  const whole = tempDir('whole');
  const codes: (number | null)[] = [];
  let wholeStdout = '';
  beforeAll(async () => {
    const results = await Promise.all([
      ...shards.map((dir, i) => runCli([...common, '--shard', `${i + 1}/3`, '--report-dir', dir])),
      runCli([...common, '--report-dir', whole]),
    ]);
    codes.push(...results.map((r) => r.code));
    wholeStdout = results[3]?.stdout ?? '';
  }, 120_000);

  it('the unsharded run of a faulty reference: exit 1, non-conformant, each broken MUST named with its evidence', () => {
    expect(codes[3]).toBe(1);
    const report = read(whole);
    expect(report.summary.verdict).toBe('non-conformant');
    for (const id of ['CK-RESP-SCHEMA', 'CK-ALIAS-LENGTH-INVALID']) {
      const requirement = report.requirements.find((q) => q.id === id);
      expect(requirement?.status).toBe('fail');
      expect(requirement?.failures[0]?.message.length).toBeGreaterThan(0);
      // Replayable: some failure of the requirement carries the request as a curl command.
      expect(requirement?.failures.some((f) => f.curl?.startsWith('curl '))).toBe(true);
      expect(wholeStdout).toMatch(new RegExp(`FAIL\\s+MUST\\s+${id}`));
    }
  });

  it('each shard checks its own families only, and every requirement is checked by some shard', () => {
    const reports = shards.map(read);
    for (const [i, r] of reports.entries()) expect(r.shard).toEqual({ index: i + 1, count: 3 });
    const owners = new Map<string, number>();
    for (const r of reports)
      for (const q of r.requirements)
        if (!(q.status === 'skip' && q.skipKind === 'shard')) owners.set(q.id, (owners.get(q.id) ?? 0) + 1);
    expect(owners.size).toBe(reports[0]?.requirements.length);
    const families = reports.map(
      (r) => new Set(r.requirements.filter((q) => q.skipKind !== 'shard').map((q) => q.family)),
    );
    // Families do not overlap, except where a shard saw another family's always-on rule broken.
    const checkedBy = (family: Report['requirements'][number]['family']) =>
      families.filter((f) => f.has(family)).length;
    expect(checkedBy('alias')).toBe(1);
    expect(checkedBy('spec-usage-origin')).toBe(1);
  });

  it('merged: the same status for every requirement and the same verdict as the unsharded run', async () => {
    const merged = tempDir('merged');
    const result = await runCli(['merge', ...shards, '--report-dir', merged]);
    const report = read(merged);
    const reference = read(whole);
    expect(statuses(report)).toEqual(statuses(reference));
    expect(report.summary.verdict).toBe('non-conformant');
    expect(result.code).toBe(codes[3]);
    expect(report.merged).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(report.keys.created.length).toBe(shards.map(read).reduce((n, r) => n + r.keys.created.length, 0));
    expect(result.stdout).toContain('3 shards merged');
    expect(readFileSync(join(merged, 'report.html'), 'utf8')).toContain('non-conformant');
  });

  it('a missing shard leaves its requirements unchecked: incomplete, and says which', async () => {
    const merged = tempDir('partial');
    const result = await runCli(['merge', shards[0] as string, shards[1] as string, '--report-dir', merged]);
    const report = read(merged);
    const unchecked = report.requirements.filter((q) => q.reason?.includes('shard 3/3 missing'));
    expect(unchecked.length).toBeGreaterThan(0);
    expect(unchecked.every((q) => q.status === 'skip')).toBe(true);
    // The faults fail requirements of the shards present: a failure outranks what is missing.
    expect(report.summary.verdict).toBe('non-conformant');
    expect(result.code).toBe(1);
  });

  it('refuses what is not the shards of one run, with KMSCT_ERR_MERGE', async () => {
    const notShard = await runCli(['merge', whole, shards[0] as string, '--report-dir', tempDir('x')]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/KMSCT_ERR_MERGE|expected shard reports \(run with --shard i\/n\)/);
    const twice = await runCli([
      'merge',
      shards[0] as string,
      shards[0] as string,
      '--report-dir',
      tempDir('y'),
    ]);
    expect(twice.stderr).toContain('expected each shard once, received shard 1 twice');
    const none = await runCli(['merge', tempDir('empty')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/expected a readable .*report\.json/);
    const bad = await runCli(['run', '--shard', '4/3']);
    expect(bad.stderr).toContain('--shard must be i/n with 1 ≤ i ≤ n ≤ 10');
  });
});
