/**
 * The reference at scale (issue 13): with 100,000 keys stored (the default quota) against 1,000, both
 * servers alive in the same run and measured in interleaved rounds:
 * - create-key p99 latency (targets: within 1.2× of the same at 1,000 keys);
 * - a list-keys page of 1,000 (first page and a page deep in the store), median and p99 (within 1.2×);
 * - memory per stored key: heap after a full collection, (large − small) / (keys between) (target ≤ 1 KiB).
 *   npm run bench:scale [-- --keys 100000 --creates 2000 --pages 60 --rounds 5]
 */

import { Agent, request } from 'undici';
import { KmsctError } from '../src/errors.js';
import { counts, drive, heapAfterGc, percentile, startTarget, stop, type Target } from './support.js';

const {
  keys: large,
  creates,
  pages,
  rounds,
} = counts({ keys: 100_000, creates: 2_000, pages: 60, rounds: 5 });
const small = 1_000;
if (large <= small)
  throw new KmsctError('KMSCT_ERR_BENCH', `--keys must be above ${small}, received ${large}`);

/** Milliseconds for each of `count` list-keys pages of 1,000 starting at `marker`, one at a time. */
async function listPages(target: Target, marker: number, count: number): Promise<number[]> {
  const agent = new Agent({ connections: 1 });
  const url = `${target.url}/v1.0/${target.projectId}/kms/list-keys`;
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': target.token },
        body: JSON.stringify({ limit: '1000', ...(marker > 0 && { marker: String(marker) }) }),
        dispatcher: agent,
      });
      const body = (await res.body.json()) as { keys?: unknown[] };
      if (res.statusCode !== 200 || body.keys?.length !== 1000)
        throw new KmsctError('KMSCT_ERR_BENCH', `expected a page of 1000 keys, received ${res.statusCode}`);
      times.push(performance.now() - started);
    }
  } finally {
    await agent.close();
  }
  return times;
}

// Room for the keys the measurement itself creates, above the stored ones.
const quota = large + creates * rounds + 10_000;
const [few, many] = [
  await startTarget('reference', { core: 1, quota, exposeGc: true }),
  await startTarget('reference', { core: 1, quota, exposeGc: true }),
];
try {
  await drive(few, small, 16);
  const filled = performance.now();
  await drive(many, large, 32);
  process.stdout.write(`stored ${large} keys in ${((performance.now() - filled) / 1000).toFixed(1)} s\n`);
  const [heapFew, heapMany] = [await heapAfterGc(few), await heapAfterGc(many)];
  const latencies = { few: [] as number[], many: [] as number[] };
  const first = { few: [] as number[], many: [] as number[] };
  const deep = { few: [] as number[], many: [] as number[] };
  await drive(few, creates, 16);
  await drive(many, creates, 16);
  for (let round = 0; round < rounds; round++) {
    latencies.few.push(...(await drive(few, creates, 16)).latencies);
    latencies.many.push(...(await drive(many, creates, 16)).latencies);
    first.few.push(...(await listPages(few, 0, pages)));
    first.many.push(...(await listPages(many, 0, pages)));
    deep.few.push(...(await listPages(few, small - 1000, pages)));
    deep.many.push(...(await listPages(many, Math.floor(large / 2), pages)));
  }
  const p = (xs: number[], q: number) => percentile(Float64Array.from(xs), q);
  const row = (what: string, a: number, b: number, target = '') =>
    process.stdout.write(
      `  ${what.padEnd(34)} ${a.toFixed(2).padStart(8)} ms ${b.toFixed(2).padStart(8)} ms   ${(b / a).toFixed(2)}×  ${target}\n`,
    );
  process.stdout.write(
    `reference at ${small} keys against ${large} keys, ${rounds} interleaved rounds (${creates} creates, ${pages} pages each)\n` +
      `  ${''.padEnd(34)} ${`${small} keys`.padStart(11)} ${`${large} keys`.padStart(11)}   ratio\n`,
  );
  row('create-key p99 (16 in flight)', p(latencies.few, 99), p(latencies.many, 99), '(target ≤ 1.20×)');
  row('create-key median', p(latencies.few, 50), p(latencies.many, 50));
  row('list-keys first page of 1000, p99', p(first.few, 99), p(first.many, 99), '(target ≤ 1.20×)');
  row('list-keys first page, median', p(first.few, 50), p(first.many, 50));
  row('list-keys page deep in the store, p99', p(deep.few, 99), p(deep.many, 99), '(target ≤ 1.20×)');
  const perKey = (heapMany.heapUsed - heapFew.heapUsed) / (large - small);
  process.stdout.write(
    `  heap after a full collection: ${(heapFew.heapUsed / 2 ** 20).toFixed(1)} MiB at ${small} keys, ${(heapMany.heapUsed / 2 ** 20).toFixed(1)} MiB at ${large}\n` +
      `  memory per stored key         ${perKey.toFixed(0)} bytes   (target ≤ 1024)\n`,
  );
} finally {
  await stop(few, many);
}
