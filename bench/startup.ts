/**
 * Start-up of the built CLI against a bare node:http server started the same way, in the same run:
 * `serve` until its `listening` line, and `list` to completion. Rounds are interleaved; medians printed
 * with their ratio to the baseline. Target (issue 12): serve ≤ 3× the bare server.
 *   npm run build && npx tsx bench/startup.ts [--rounds 7]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? 7);
const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const bare =
  "require('node:http').createServer((q,s)=>s.end()).listen(0,'127.0.0.1',function(){console.log('listening http://127.0.0.1:'+this.address().port)})";

/** Milliseconds from spawn until a stdout line matches (then the process is killed), or until it exits. */
function timed(args: string[], until?: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      if (until?.test(seen)) {
        resolve(performance.now() - started);
        child.kill();
      }
    });
    child.once('exit', (code) => {
      if (!until) code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`));
    });
    setTimeout(() => reject(new Error(`timeout: ${args.join(' ')}`)), 20_000).unref();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const samples = { bare: [] as number[], serve: [] as number[], list: [] as number[] };
for (let i = 0; i < rounds; i++) {
  samples.bare.push(await timed(['-e', bare], /listening/));
  samples.serve.push(await timed([bin, 'serve', '--port', '0'], /listening/));
  samples.list.push(await timed([bin, 'list']));
}
const base = median(samples.bare);
for (const [name, xs] of Object.entries(samples))
  console.log(
    `${name.padEnd(6)} median ${median(xs).toFixed(0).padStart(5)} ms  ${(median(xs) / base).toFixed(2)}× the bare node:http server`,
  );
