/**
 * Global setup of the projects that run the CLI as a user does (from dist/): builds once per vitest
 * invocation, so a test never runs a stale build. The TypeScript compiler takes about 1.5 s.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function build(): void {
  if (process.env.KMSCT_BUILT === '1') return;
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.KMSCT_BUILT = '1';
}
