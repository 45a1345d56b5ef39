/**
 * Global setup of the projects that run the CLI as a user does (from dist/): builds once per vitest
 * invocation unless dist/ is newer than every source (as right after `npm ci`, whose `prepare` builds), so a
 * test never runs a stale build and a fresh clone does not compile twice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The build's inputs in a folder of the repository: TypeScript sources and JSON, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

const mtime = (file: string) => statSync(join(root, file)).mtimeMs;

/**
 * Whether dist/ holds the output of the current sources: every source has its .js, and every such output is
 * newer than every input (tsc rewrites all its outputs each time; outputs of removed sources are ignored).
 */
export function buildIsCurrent(): boolean {
  const inputs = [...sources('src'), ...sources('suites')];
  const outputs = inputs.filter((f) => f.endsWith('.ts')).map((f) => join('dist', f.replace(/\.ts$/, '.js')));
  if (!outputs.every((f) => existsSync(join(root, f)))) return false;
  const newestInput = Math.max(
    ...[...inputs, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map(mtime),
  );
  return newestInput < Math.min(...outputs.map(mtime));
}

export default function build(): void {
  if (process.env.KMSCT_BUILT === '1') return;
  if (!buildIsCurrent()) {
    // From nothing: tsc leaves the outputs of removed sources behind, and the package would ship them.
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  process.env.KMSCT_BUILT = '1';
}
