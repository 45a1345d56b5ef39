/**
 * The gallery's cost per plant as it grows (issue 13): the built CLI's `gallery` with the first half of the
 * plants, then with all of them, in the same run. Prints the wall time of each (target for all: ≤ 60 s on
 * 2 cores) and the time per plant of the whole against the half (flat: ≈ 1.0×, and ≤ 1.2×).
 *   npm run build && npm run bench:gallery
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faults } from '../src/reference/faults/index.js';

const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const plants = [...faults.keys()];

function gallery(only: readonly string[]): { seconds: number; ok: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-bench-gallery-'));
  try {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [bin, 'gallery', '--report-dir', dir, ...only.flatMap((name) => ['--only', name])],
      { encoding: 'utf8', timeout: 600_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    const verdicts = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')) as {
      verdicts: { ok: boolean }[];
    };
    return { seconds, ok: result.status === 0 && verdicts.verdicts.every((v) => v.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const half = gallery(plants.slice(0, Math.ceil(plants.length / 2)));
const whole = gallery(plants);
// Each gallery also runs the unmodified reference: count it as a plant.
const perHalf = half.seconds / (Math.ceil(plants.length / 2) + 1);
const perWhole = whole.seconds / (plants.length + 1);
process.stdout.write(
  `gallery (built CLI, live profile, every plant judged ${half.ok && whole.ok ? 'as expected' : 'NOT as expected'})\n` +
    `  ${String(Math.ceil(plants.length / 2) + 1).padStart(3)} runs   ${half.seconds.toFixed(1).padStart(6)} s   ${(perHalf * 1000).toFixed(0)} ms per run\n` +
    `  ${String(plants.length + 1).padStart(3)} runs   ${whole.seconds.toFixed(1).padStart(6)} s   ${(perWhole * 1000).toFixed(0)} ms per run   (target ≤ 60 s)\n` +
    `  per run, whole / half   ${(perWhole / perHalf).toFixed(2)}×   (flat as plants are added: target ≤ 1.20×)\n`,
);
if (!half.ok || !whole.ok) process.exitCode = 1;
