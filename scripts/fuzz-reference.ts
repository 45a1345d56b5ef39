/**
 * A seeded, bounded fuzz of the reference over raw sockets: every request must get an HTTP answer (no dropped
 * connection) below 500. `npm run fuzz:reference` sends 100,000; the test suite sends 20,000.
 * Usage: tsx scripts/fuzz-reference.ts [count] [seed]
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { rawRequest } from '../src/generators/raw-requests.js';
import { startReferenceServer } from '../src/reference/server.js';

export interface FuzzResult {
  readonly sent: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests answered 5xx or not at all, with the start of the request. */
  readonly bad: readonly { readonly status: string; readonly request: string }[];
  readonly seconds: number;
}

/** Sends one request and reads the status line of the answer; '' when the connection ended without one. */
function exchange(port: number, request: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let head = '';
    const done = (status: string) => {
      socket.destroy();
      resolve(status);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    // The final status: interim 1xx answers (100 Continue) come first and are not the answer.
    const final = () =>
      [...head.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1] as string).find((s) => !s.startsWith('1'));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = final();
      if (status) done(status);
    });
    socket.on('error', () => done(head === '' ? 'dropped' : 'error'));
    socket.on('close', () => done(final() ?? 'dropped'));
    socket.write(request, 'latin1');
  });
}

export async function fuzzReference(options: {
  count: number;
  seed: number;
  inFlight?: number;
}): Promise<FuzzResult> {
  const server = await startReferenceServer({ headersTimeoutMs: 5_000, requestTimeoutMs: 10_000 });
  const port = Number(new URL(server.url).port);
  const arbitrary = rawRequest({ projectId: server.projectId, token: server.token });
  const statuses: Record<string, number> = {};
  const bad: { status: string; request: string }[] = [];
  const started = performance.now();
  let next = 0;
  // Requests are drawn in batches from one seeded stream: the same seed, the same requests.
  const batch = 1000;
  let pool: string[] = [];
  const take = () => {
    if (next % batch === 0)
      pool = fc.sample(arbitrary, { seed: options.seed + next / batch, numRuns: batch });
    return pool[next++ % batch] as string;
  };
  const worker = async () => {
    while (next < options.count) {
      const request = take();
      const status = await exchange(port, request, 15_000);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!/^[1-4]\d\d$/.test(status)) bad.push({ status, request: request.slice(0, 200) });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.inFlight ?? 16 }, worker));
  } finally {
    await server.close();
  }
  return { sent: next, statuses, bad, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 20261129);
  const result = await fuzzReference({ count, seed });
  process.stdout.write(
    `${result.sent} requests in ${result.seconds.toFixed(1)} s (seed ${seed}): ${JSON.stringify(result.statuses)}\n` +
      `answered 5xx or not at all: ${result.bad.length}\n${result.bad
        .slice(0, 10)
        .map((b) => `  ${b.status} ${JSON.stringify(b.request)}`)
        .join('\n')}\n`,
  );
  process.exit(result.bad.length === 0 ? 0 : 1);
}
