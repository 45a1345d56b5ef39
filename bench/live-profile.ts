/**
 * The live profile's figures (issue 9), from real runs against the embedded reference:
 * - `--max-keys 10 --concurrency 4`: MUST and SHOULD requirements skipped for the budget (target 0), keys
 *   created (≤ 10) and scheduled for deletion, requests sent;
 * - the same at `--rate 10`, one file at a time as a live target gets: the run's duration (target ≤ 90 s);
 * - the default loopback run: keys created (target ≤ 40).
 * Usage: npm run bench:live (or tsx bench/live-profile.ts --skip-paced)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunOptions } from '../src/cli/options.js';
import { runOnce } from '../src/cli/run-once.js';
import type { Report } from '../src/report/model.js';

const sink = { write: () => true } as unknown as NodeJS.WritableStream;

async function run(args: readonly string[]): Promise<{ report: Report; seconds: number; exitCode: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-bench-'));
  try {
    const options = resolveRunOptions([...args, '--report-dir', dir, '--seed', '20261129'], {});
    if (options === 'help') throw new Error('help');
    const started = performance.now();
    const { report, exitCode } = await runOnce(options, sink, { quiet: true });
    return { report, exitCode, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const budgetSkips = (r: Report, level: string) =>
  r.requirements.filter((q) => q.level === level && q.skipKind === 'budget').length;
const line = (what: string, figure: string, target: string) =>
  process.stdout.write(`${what.padEnd(58)} ${figure.padEnd(24)} ${target}\n`);

const live = await run(['--max-keys', '10', '--concurrency', '4']);
const scheduled = live.report.keys.cleaned.filter((k) => k.outcome === 'scheduled').length;
process.stdout.write(
  `live profile against the embedded reference: ${live.report.summary.verdict}, exit ${live.exitCode}\n`,
);
line('MUST skipped for the budget', String(budgetSkips(live.report, 'MUST')), 'target 0');
line('SHOULD skipped for the budget', String(budgetSkips(live.report, 'SHOULD')), 'target 0');
line('MAY skipped for the budget', String(budgetSkips(live.report, 'MAY')), 'allowed, each with its reason');
line(
  'keys created / scheduled for deletion',
  `${live.report.keys.created.length} / ${scheduled}`,
  'target ≤ 10, all',
);
line('requests sent', String(live.report.requests.sent), '');
if (!process.argv.includes('--skip-paced')) {
  const paced = await run(['--max-keys', '10', '--concurrency', '4', '--rate', '10']);
  line('duration at --rate 10 (one file at a time)', `${paced.seconds.toFixed(1)} s`, 'target ≤ 90 s');
  line(
    '  its requests (checks the pacing)',
    `${paced.report.requests.sent} (${(paced.report.requests.sent / paced.seconds).toFixed(1)}/s)`,
    '≤ 10/s',
  );
}
const loopback = await run([]);
line('keys created by the default loopback run', String(loopback.report.keys.created.length), 'target ≤ 40');
line('  its duration', `${loopback.seconds.toFixed(1)} s`, '');
