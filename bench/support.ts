/**
 * What the benchmarks share: a target server in a process of its own (pinned to a core where taskset
 * exists), its CPU time from /proc, and a keep-alive undici client that sends creates with N in flight.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { KmsctError } from '../src/errors.js';

/**
 * The benchmark's numeric flags (`--name N`), each a positive integer, defaults where absent. A bad value
 * stops the benchmark with what was expected and what was received.
 */
export function counts<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
  });
  const chosen = {} as Record<K, number>;
  for (const name of names) {
    const given = values[name];
    const n = given === undefined ? defaults[name] : Number(given);
    if (!Number.isInteger(n) || n <= 0)
      throw new KmsctError(
        'KMSCT_ERR_BENCH',
        `--${name} takes a positive integer, received ${JSON.stringify(given)}`,
      );
    chosen[name] = n;
  }
  return chosen;
}

export interface Target {
  readonly kind: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  readonly pid: number;
}

/** taskset pins a process to a core; without it (not Linux) the figures are noisier, and we say so. */
export const canPin = spawnSync('taskset', ['-V']).status === 0;

/** Starts bench/target.ts <kind> [quota], on `core` when pinning is possible. */
export async function startTarget(
  kind: string,
  options: { core?: number; quota?: number; exposeGc?: boolean } = {},
) {
  const node = [
    process.execPath,
    ...(options.exposeGc ? ['--expose-gc'] : []),
    '--import',
    'tsx',
    new URL('./target.ts', import.meta.url).pathname,
    kind,
    String(options.quota ?? 10_000_000),
  ];
  const [command, ...args] =
    canPin && options.core !== undefined ? ['taskset', '-c', String(options.core), ...node] : node;
  const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) =>
      reject(new KmsctError('KMSCT_ERR_BENCH', `target ${kind} exited with ${code}`)),
    );
  });
  const facts = JSON.parse(line) as { url: string; projectId: string; token: string; pid: number };
  return { kind, child, ...facts } satisfies Target;
}

/** The target's heap after a full collection (it must have been started with exposeGc). */
export function heapAfterGc(target: Target): Promise<{ heapUsed: number; rss: number }> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: target.child.stdout as NodeJS.ReadableStream });
    rl.once('line', (line) => {
      rl.close();
      resolve(JSON.parse(line) as { heapUsed: number; rss: number });
    });
    target.child.kill('SIGUSR2');
  });
}

/** CPU seconds (user + system, every thread) the process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the children this process has waited for used, in all (cutime and cstime of /proc/self/stat). */
export function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

let aliasCounter = 0;

/**
 * Sends `count` creates with `concurrency` in flight over keep-alive connections. Returns each request's
 * latency in milliseconds and the wall time. A non-200 answer stops the benchmark: a figure built on
 * refusals would measure the wrong thing.
 */
export async function drive(target: Target, count: number, concurrency: number) {
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
  const url = `${target.url}/v1.0/${target.projectId}/kms/create-key`;
  const latencies = new Float64Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': target.token },
        body: JSON.stringify({ key_alias: `bench-${process.pid}-${aliasCounter++}`, key_spec: 'AES_256' }),
        dispatcher: agent,
      });
      const body = await res.body.text();
      if (res.statusCode !== 200)
        throw new KmsctError(
          'KMSCT_ERR_BENCH',
          `expected 200 from ${target.kind}, received ${res.statusCode} ${body.slice(0, 200)}`,
        );
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return { latencies, seconds };
}

export const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The p-th percentile (0–100) of a sample. */
export function percentile(xs: Float64Array, p: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function stop(...targets: readonly Target[]): Promise<void> {
  await Promise.all(
    targets.map(
      (t) =>
        new Promise<void>((resolve) => {
          if (t.child.exitCode !== null) return resolve();
          t.child.once('exit', () => resolve());
          t.child.kill('SIGTERM');
        }),
    ),
  );
}
