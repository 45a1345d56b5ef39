import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { faults } from '../src/reference/faults/index.js';
import type { GalleryVerdict } from '../src/report/kill-matrix.js';
import { requirement } from '../src/spec/catalogue/index.js';
import { runCli } from './support/spawn.js';

const reports = fileURLToPath(new URL('../reports', import.meta.url));

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

  const result = await runCli(['gallery', '--report-dir', reports], { timeoutMs: 290_000 });
  const gallery = JSON.parse(readFileSync(join(reports, 'gallery.json'), 'utf8')) as {
    verdicts: GalleryVerdict[];
  };
  const bad = gallery.verdicts.filter((v) => !v.ok).map((v) => `${v.kind} ${v.name}: ${v.why}`);
  expect(bad, result.stdout.slice(-3000)).toEqual([]);
  expect(result.code).toBe(0);
  expect(gallery.verdicts).toHaveLength(all.length + 1);
  const matrix = readFileSync(join(reports, 'kill-matrix.md'), 'utf8');
  expect(matrix).toContain(
    `**Mutation score: ${planted.length}/${planted.length} faults killed (100.0 %).**`,
  );
  expect(matrix).toContain('False alarms: 0 of');
}, 300_000);
