/**
 * Create-key throughput of the reference server against a bare node:http server, measured in the same run
 * with the same client (undici, keep-alive) and concurrency. Prints both rates and their ratio.
 * Target (issue 3): the reference reaches at least 0.7 of the bare server.
 *   npm run bench:throughput
 */
import { counts, drive, median, startTarget, stop } from './support.js';

const { requests, concurrency, rounds } = counts({ requests: 5000, concurrency: 16, rounds: 3 });

const [bare, reference] = [
  await startTarget('bare', { core: 1 }),
  await startTarget('reference', { core: 1 }),
];
try {
  await drive(bare, 2000, concurrency);
  await drive(reference, 2000, concurrency);
  const rates = { bare: [] as number[], reference: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    rates.bare.push(requests / (await drive(bare, requests, concurrency)).seconds);
    rates.reference.push(requests / (await drive(reference, requests, concurrency)).seconds);
  }
  const b = median(rates.bare);
  const r = median(rates.reference);
  process.stdout.write(
    `create-key, ${requests} requests x ${rounds} rounds, concurrency ${concurrency} (median round)\n` +
      `  bare node:http  ${b.toFixed(0)} req/s\n` +
      `  reference       ${r.toFixed(0)} req/s\n` +
      `  ratio           ${(r / b).toFixed(2)} (target >= 0.70)\n`,
  );
} finally {
  await stop(bare, reference);
}
