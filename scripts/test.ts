/**
 * `npm test`: the static checks (typecheck, lint, format) and the vitest run, at once. The checks are single
 * threaded and take seconds while vitest starts and its first files wait on sockets, so running them
 * alongside saves their time; their output is printed once they end, and a failing check stops the run
 * (exit 1) instead of letting it go on for minutes. Arguments are passed to vitest.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's own copy of a tool (what npx would find, without starting npm). */
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

const checks = [
  ['typecheck', 'tsc', ['-p', '.']],
  ['lint', 'biome', ['lint', '.']],
  ['format', 'biome', ['format', '.']],
] as const;

function finished(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const vitest = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
const vitestDone = finished(vitest);
const forwarded = (signal: NodeJS.Signals) => () => vitest.kill(signal);
process.on('SIGINT', forwarded('SIGINT')).on('SIGTERM', forwarded('SIGTERM'));

const results = checks.map(async ([name, tool, args]) => {
  const child = spawn(bin(tool), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const code = await finished(child);
  if (code !== 0) {
    process.stderr.write(`\n${name} failed (exit ${code}); stopping the test run.\n${output}\n`);
    vitest.kill('SIGTERM');
  } else process.stdout.write(`${name}: ok\n`);
  return code;
});

const codes = [...(await Promise.all(results)), await vitestDone];
process.exit(codes.find((c) => c !== 0) ?? 0);
