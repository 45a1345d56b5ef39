/**
 * Peak memory of a whole run (the built CLI, every requirement, on loopback with no key cap) against a target
 * whose every answer is padded to 1,040,000 bytes (just under the 1 MiB cap), against a baseline in the same
 * run: the same target answering as the reference does. Prints both peaks (VmHWM of the CLI process) and the
 * ratio; target: ≤ 300 MB padded.
 *   npm run build && npm run bench:memory
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Behaviour, send, startHostile } from '../test/support/hostile.js';
import { runCli } from '../test/support/spawn.js';

const answerBytes = 1_040_000;

/** The reference's answer with a field that brings it to `answerBytes`, still valid JSON of the same shape. */
const padded: Behaviour = async (ctx) => {
  const a = await ctx.forward();
  const text = a.body.toString('utf8');
  let body = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const room = answerBytes - Buffer.byteLength(text) - '"padding":"",'.length;
    body = JSON.stringify({ ...json, padding: 'x'.repeat(Math.max(room, 0)) });
  } catch {
    // Not JSON: passed on as it is.
  }
  send(ctx.res, a.status, body, a.headers);
};
const plain: Behaviour = async (ctx) => {
  const a = await ctx.forward();
  send(ctx.res, a.status, a.body, a.headers);
};

async function peak(behaviour: Behaviour): Promise<{ mb: number; seconds: number; verdict: string }> {
  const target = await startHostile(behaviour);
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-bench-memory-'));
  try {
    const result = await runCli(
      ['run', '--target', target.url, '--project-id', target.projectId, '--report-dir', dir],
      { env: { KMSCT_TOKEN: target.token }, timeoutMs: 600_000 },
    );
    const verdict = /verdict: (\S+)/.exec(result.stdout)?.[1] ?? `exit ${result.code}`;
    return { mb: (result.peakMiB * 1024 * 1024) / 1e6, seconds: result.seconds, verdict };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.close();
  }
}

const baseline = await peak(plain);
const big = await peak(padded);
process.stdout.write(
  `peak resident memory of a whole run (built CLI, loopback, no key cap)\n` +
    `  answers as the reference gives them   ${baseline.mb.toFixed(0).padStart(5)} MB   ${baseline.seconds.toFixed(1)} s   ${baseline.verdict}\n` +
    `  every answer padded to ${answerBytes.toLocaleString('en')} bytes   ${big.mb.toFixed(0).padStart(5)} MB   ${big.seconds.toFixed(1)} s   ${big.verdict}   (target ≤ 300 MB)\n` +
    `  padded / baseline   ${(big.mb / baseline.mb).toFixed(2)}×\n`,
);
if (big.mb > 300 || baseline.verdict !== 'conformant') process.exitCode = 1;
