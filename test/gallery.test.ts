import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { requirement } from '../src/catalogue/index.js';
import { diffRecordings } from '../src/record/diff.js';
import { readRecording } from '../src/record/file.js';
import { faults } from '../src/reference/faults/index.js';
import type { GalleryVerdict } from '../src/report/kill-matrix.js';
import type { Report } from '../src/report/model.js';
import { reportSchema } from './support/report-schema.js';
import { runCli } from './support/spawn.js';

const reports = fileURLToPath(new URL('../reports', import.meta.url));
const reportOf = (plant: string) =>
  JSON.parse(readFileSync(join(reports, 'gallery', plant, 'report.json'), 'utf8')) as Report;

it('the suite, run through the CLI, passes the reference and every variant and kills every planted fault', async () => {
  const all = [...faults.values()];
  const planted = all.filter((f) => f.kind === 'fault');
  expect(planted.length).toBeGreaterThanOrEqual(30);
  expect(all.filter((f) => f.kind === 'variant').length).toBeGreaterThanOrEqual(8);
  const families = new Set(planted.flatMap((f) => f.trips.map((t) => requirement(t.id).family)));
  expect([...families].sort()).toEqual(
    [
      'alias',
      'authentication',
      'concurrency',
      'description',
      'optional-fields',
      'response-schema',
      'robustness',
      'semantics',
      'spec-usage-origin',
      'status-envelope',
    ].sort(),
  );

  // One lane: under npm test the other files keep the second core busy, and a second lane sharing the server
  // thread cost 10-40 % more CPU for the same plants (npm run bench:gallery measures the lanes).
  const result = await runCli(['gallery', '--lanes', '1', '--record', '--report-dir', reports], {
    timeoutMs: 290_000,
  });
  const gallery = JSON.parse(readFileSync(join(reports, 'gallery.json'), 'utf8')) as {
    verdicts: GalleryVerdict[];
  };
  const bad = gallery.verdicts.filter((v) => !v.ok).map((v) => `${v.kind} ${v.name}: ${v.why}`);
  expect(bad, result.stdout.slice(-3000)).toEqual([]);
  expect(result.code).toBe(0);
  // The reference, every plant, and a second run in the CLI's defaults of each plant that asks for one.
  const twins = all.filter((f) => f.profiles?.includes('default'));
  expect(twins.map((f) => f.name)).toEqual(['cloud']);
  expect(gallery.verdicts).toHaveLength(all.length + 1 + twins.length);
  const matrix = readFileSync(join(reports, 'kill-matrix.md'), 'utf8');
  expect(matrix).toContain(
    `**Mutation score: ${planted.length}/${planted.length} faults killed (100.0 %).**`,
  );
  expect(matrix).toContain('False alarms: 0 of');

  // Every plant ran in the live profile; the reference's run shows what it achieves within 10 keys.
  const reference = reportOf('reference');
  expect(reportSchema(reference), JSON.stringify(reportSchema.errors)).toBe(true);
  expect(reference.summary.verdict).toBe('conformant');
  expect(reference.keyPhase?.maxKeys).toBe(10);
  expect(reference.summary.coverage.MUST).toEqual({ checked: 35, total: 35 });
  expect(reference.summary.coverage.SHOULD).toEqual({ checked: 18, total: 18 });
  expect(reference.requirements.filter((r) => r.skipKind === 'budget').map((r) => r.level)).not.toContain(
    'MUST',
  );
  expect(reference.requirements.filter((r) => r.skipKind === 'budget').map((r) => r.level)).not.toContain(
    'SHOULD',
  );
  expect(reference.keys.created.length).toBeLessThanOrEqual(10);
  expect(reference.keys.cleaned.filter((k) => k.outcome === 'scheduled')).toHaveLength(
    reference.keys.created.length,
  );

  // A target without the optional operations: what needs them is skipped with the probe's reason.
  const minimal = reportOf('create-key-only');
  expect(minimal.summary.verdict).toBe('conformant');
  expect(minimal.capabilities.describeKey).toEqual({
    supported: false,
    reason: 'describe-key of an absent key answered 404 KMS.0201',
  });
  expect(minimal.requirements.find((r) => r.id === 'CK-SPEC-DEFAULT')).toMatchObject({
    status: 'skip',
    reason:
      'skipped: the target offers no describe-key (describe-key of an absent key answered 404 KMS.0201)',
  });
  expect(minimal.requirements.find((r) => r.id === 'CK-REJECT-NO-SIDE-EFFECT')?.status).toBe('skip');
  expect(minimal.keys.cleaned.every((k) => k.outcome === 'unsupported')).toBe(true);

  // The cloud profile, in both profiles: throttled (429s retried), and failing exactly its documented
  // deviations, each on an answer of the gateway with the request id it gave.
  for (const dir of ['cloud', 'cloud-default-profile']) {
    const cloud = reportOf(dir);
    expect(reportSchema(cloud), JSON.stringify(reportSchema.errors)).toBe(true);
    expect(cloud.requests.retries, `${dir}: 429s retried`).toBeGreaterThan(0);
    const failed = cloud.requirements.filter((r) => r.status === 'fail');
    expect(failed.map((r) => r.id).sort()).toEqual(
      [
        'CK-AUTH-EMPTY',
        'CK-AUTH-INVALID',
        'CK-AUTH-MISSING',
        'CK-ERROR-ENVELOPE',
        'CK-STATUS-DOCUMENTED',
      ].sort(),
    );
    for (const f of failed.flatMap((r) => r.failures)) {
      expect(f.gateway).toBe('APIGW.0301');
      expect(f.requestId).toMatch(/^[0-9a-f]{32}$/);
    }
  }

  // Each plant's recording against the reference's: a fault differs as a deviation on every MUST it trips and in
  // the status of every other; a variant never deviates (apart from the cloud's documented deviations), its
  // differences are readings of §7 or details.
  const recorded = (plant: string) => readRecording(join(reports, 'gallery', plant, 'recording.json'));
  const base = recorded('reference');
  const unexplained = all.flatMap((plant) => {
    const { differences } = diffRecordings(base, recorded(plant.name));
    const deviating = new Set(differences.filter((d) => d.kind === 'deviation').map((d) => d.requirement));
    const changed = new Set(differences.filter((d) => d.path === '$.requirements').map((d) => d.requirement));
    if (plant.kind === 'fault')
      return plant.trips
        .filter((t) => !(t.level === 'MUST' ? deviating : changed).has(t.id))
        .map((t) => `fault ${plant.name}: ${t.id} not named`);
    const documented = [...(plant.deviations ?? [])].sort();
    return [...deviating].sort().join() === documented.join()
      ? []
      : [`variant ${plant.name}: deviations ${[...deviating].join(', ')}`];
  });
  expect(unexplained).toEqual([]);
}, 300_000);
