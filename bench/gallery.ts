/**
 * The gallery's time: the built CLI's `gallery` with half of the plants that are not throttled, with all of
 * those, with every plant, then with every plant on sockets (served over loopback HTTP, as before the
 * in-process wire), in the same run. Prints the wall and CPU time of each (target for the whole: ≤ 30 s on 2
 * cores), the time per run of all against half (flat as plants are added: ≤ 1.2×), and the whole against the
 * sockets baseline.
 *   npm run build && npm run bench:gallery
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faults } from '../src/reference/faults/index.js';
import { childCpuSeconds } from './support.js';

const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const plants = [...faults.keys()];

function gallery(only: readonly string[], extra: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-bench-gallery-'));
  try {
    const cpuBefore = childCpuSeconds();
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [bin, 'gallery', '--report-dir', dir, ...extra, ...only.flatMap((name) => ['--only', name])],
      { encoding: 'utf8', timeout: 600_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = childCpuSeconds() - cpuBefore;
    const verdicts = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')) as {
      verdicts: { ok: boolean }[];
    };
    // Each gallery also runs the unmodified reference, and some plants twice (in the CLI's defaults too).
    const runs = verdicts.verdicts.length;
    return { seconds, cpu, runs, ok: result.status === 0 && verdicts.verdicts.every((v) => v.ok) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Flatness is measured without the throttled plants: they run in lanes of their own and mostly wait.
const steady = plants.filter((name) => faults.get(name)?.profiles === undefined);
const half = gallery(steady.filter((_, i) => i % 2 === 0));
const most = gallery(steady);
const whole = gallery(plants);
const sockets = gallery(plants, ['--sockets']);
const line = (label: string, g: ReturnType<typeof gallery>, note = '') =>
  `  ${label.padEnd(22)} ${String(g.runs).padStart(3)} runs ${g.seconds.toFixed(1).padStart(6)} s wall ${g.cpu.toFixed(1).padStart(6)} s CPU ${((g.seconds / g.runs) * 1000).toFixed(0).padStart(4)} ms per run${note}\n`;
const perRun = (g: ReturnType<typeof gallery>) => g.seconds / g.runs;
process.stdout.write(
  `gallery (built CLI, live profile, every plant judged ${half.ok && most.ok && whole.ok && sockets.ok ? 'as expected' : 'NOT as expected'})\n` +
    line('half (not throttled)', half) +
    line('all not throttled', most) +
    line('whole', whole, '   (target ≤ 30 s)') +
    line('whole, every plant on sockets', sockets) +
    `  per run, all / half not throttled   ${(perRun(most) / perRun(half)).toFixed(2)}×   (flat as plants are added: target ≤ 1.20×)\n` +
    `  whole / on sockets   ${(whole.seconds / sockets.seconds).toFixed(2)}× wall, ${(whole.cpu / sockets.cpu).toFixed(2)}× CPU\n`,
);
if (!half.ok || !most.ok || !whole.ok || !sockets.ok) process.exitCode = 1;
