/**
 * CPU per create-key of the reference, against a Fastify 5 server with full request-schema validation and a
 * bare node:http server, measured in the same run with the same client (issue 13). Steady state: each
 * server is warmed up, then measured; three interleaved rounds; 16 in flight; servers pinned to one core
 * and the client to another (taskset); the server's CPU (user + system, all threads) read from /proc.
 * Target: reference ≤ 1.2× Fastify.
 *   npm run bench:cpu [-- --requests 20000 --warmup 20000 --rounds 3 --concurrency 16]
 */
import { cpus } from 'node:os';
import { canPin, counts, cpuSeconds, drive, median, startTarget, stop, type Target } from './support.js';

const { requests, warmup, rounds, concurrency } = counts({
  requests: 20_000,
  warmup: 20_000,
  rounds: 3,
  concurrency: 16,
});
// os.cpus(), not availableParallelism(): this process is itself pinned to one core.
const cores = cpus().length;
if (!canPin || cores < 2)
  process.stderr.write(
    `note: ${canPin ? `${cores} core` : 'no taskset'}: servers and client are not pinned; figures are noisier\n`,
  );

// Servers share core 1; the client (this process) is pinned to core 0 by the npm script.
const kinds = ['bare', 'fastify', 'reference'] as const;
const targets: Target[] = [];
for (const kind of kinds) targets.push(await startTarget(kind, { core: 1 }));
try {
  for (const t of targets) await drive(t, warmup, concurrency);
  const perCreate = new Map<string, number[]>(kinds.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++)
    for (const t of targets) {
      const before = cpuSeconds(t.pid);
      await drive(t, requests, concurrency);
      perCreate.get(t.kind)?.push(((cpuSeconds(t.pid) - before) / requests) * 1e6);
    }
  const us = (kind: string) => median(perCreate.get(kind) ?? []);
  const all = (kind: string) => (perCreate.get(kind) ?? []).map((x) => x.toFixed(1)).join(', ');
  process.stdout.write(
    `server CPU per create-key: ${warmup} warm-up + ${requests} measured x ${rounds} interleaved rounds, ${concurrency} in flight${canPin ? ', pinned' : ''}\n`,
  );
  for (const kind of kinds)
    process.stdout.write(
      `  ${kind.padEnd(10)} ${us(kind).toFixed(1).padStart(6)} µs   (rounds: ${all(kind)})\n`,
    );
  process.stdout.write(
    `  reference / fastify   ${(us('reference') / us('fastify')).toFixed(2)}   (target ≤ 1.20)\n` +
      `  reference / bare      ${(us('reference') / us('bare')).toFixed(2)}\n` +
      `  fastify / bare        ${(us('fastify') / us('bare')).toFixed(2)}\n`,
  );
} finally {
  await stop(...targets);
}
