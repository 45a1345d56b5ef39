/**
 * `npm run bench`: every benchmark, one after the other, each printing its figures as ratios against a
 * baseline measured in the same run. `npm run bench -- cpu scale` runs only those. Where taskset exists, the
 * client side of the server benchmarks runs on core 0 (their servers pin themselves to core 1); the benchmarks
 * of whole runs (live, gallery, memory) have every core, as a user's run does.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canPin } from './support.js';

const benches: Record<string, { file: string; about: string; pin?: true }> = {
  startup: {
    file: 'startup.ts',
    about: 'start-up of serve and list against bare node:http (built CLI)',
    pin: true,
  },
  cpu: {
    file: 'cpu-per-create.ts',
    about: 'server CPU per create-key: reference, Fastify 5, bare node:http',
    pin: true,
  },
  throughput: {
    file: 'reference-throughput.ts',
    about: 'create-key throughput against bare node:http',
    pin: true,
  },
  scale: { file: 'scale.ts', about: 'the reference at 100,000 keys against 1,000', pin: true },
  live: { file: 'live-profile.ts', about: 'the live profile: keys, requests, time at --rate 10' },
  gallery: {
    file: 'gallery.ts',
    about: 'the gallery: half and whole, in process and on sockets (built CLI)',
  },
  memory: { file: 'memory.ts', about: 'peak memory of a run against megabyte answers, against plain ones' },
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length > 0) {
  process.stderr.write(
    `KMSCT_ERR_BENCH: expected benchmarks among ${Object.keys(benches).join(', ')}, received ${unknown.join(', ')}\n`,
  );
  process.exit(2);
}
let failed = 0;
for (const [name, bench] of Object.entries(benches)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  process.stdout.write(`\n== ${name}: ${bench.about}\n`);
  const node = [process.execPath, '--import', 'tsx', fileURLToPath(new URL(bench.file, import.meta.url))];
  const [command, ...args] = canPin && bench.pin ? ['taskset', '-c', '0', ...node] : node;
  const result = spawnSync(command as string, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${name}: exited with ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
