/**
 * Create-key throughput of the reference server against a bare node:http server, measured in the same run
 * with the same client (undici, keep-alive) and concurrency. Prints both rates and their ratio.
 * Target (issue 3): the reference reaches at least 0.7 of the bare server.
 *   npm run bench:reference [-- --requests 5000 --concurrency 16]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const { values } = parseArgs({
  options: { requests: { type: 'string' }, concurrency: { type: 'string' }, rounds: { type: 'string' } },
});
const requests = Number(values.requests ?? 5000);
const concurrency = Number(values.concurrency ?? 16);
const rounds = Number(values.rounds ?? 3);

interface Target {
  child: ChildProcess;
  url: string;
  projectId: string;
  token: string;
}

async function start(kind: string): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./target.ts', import.meta.url).pathname, kind],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`target ${kind} exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { url: string; projectId: string; token: string }) };
}

let aliasCounter = 0;

/** Sends `count` creates with `concurrency` in flight; returns requests per second. */
async function drive(target: Target, count: number): Promise<number> {
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const url = `${target.url}/v1.0/${target.projectId}/kms/create-key`;
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': target.token },
        body: JSON.stringify({ key_alias: `bench-${aliasCounter++}`, key_spec: 'AES_256' }),
        dispatcher: agent,
      });
      if (res.statusCode !== 200) throw new Error(`expected 200 from ${url}, received ${res.statusCode}`);
      await res.body.dump();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return count / seconds;
}

const [bare, reference] = await Promise.all([start('bare'), start('reference')]);
try {
  await drive(bare, 500);
  await drive(reference, 500);
  const rates = { bare: [] as number[], reference: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    rates.bare.push(await drive(bare, requests));
    rates.reference.push(await drive(reference, requests));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const b = median(rates.bare);
  const r = median(rates.reference);
  process.stdout.write(
    `create-key, ${requests} requests x ${rounds} rounds, concurrency ${concurrency} (median round)\n` +
      `  bare node:http  ${b.toFixed(0)} req/s\n` +
      `  reference       ${r.toFixed(0)} req/s\n` +
      `  ratio           ${(r / b).toFixed(2)} (target >= 0.70)\n`,
  );
} finally {
  bare.child.kill();
  reference.child.kill();
}
