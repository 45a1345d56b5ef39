import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

/** The arguments that point a run at a server of the test's own. */
export const targetOf = (server: { url: string; projectId: string }) => [
  '--target',
  server.url,
  '--project-id',
  server.projectId,
];

/** A target on a loopback port, with a made-up project and token (for targets that are not a KMS). */
export const loopbackTarget = (port: number) => [
  ...targetOf({ url: `http://127.0.0.1:${port}`, projectId: 'a'.repeat(32) }),
  '--token',
  't',
];

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident memory of the process (VmHWM from /proc), in MiB. */
  readonly peakMiB: number;
  readonly seconds: number;
}

/** The process's peak resident set so far, from /proc (0 once it has exited). */
function peakMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Runs the CLI to completion, killed after timeoutMs; its peak memory is sampled from /proc as it runs.
 * `onStart` sees the child (to signal it).
 */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onStart?: (child: ChildProcess) => void } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onStart?.(child);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakMiB(child.pid));
    }, 50);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', () => {
      peak = Math.max(peak, peakMiB(child.pid));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({
        code,
        stdout,
        stderr,
        peakMiB: Math.round(peak),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

/** Starts a long-running CLI command and resolves once a stdout line matches `ready`. */
export function startCli(
  args: readonly string[],
  ready: RegExp,
  timeoutMs = 20_000,
  env: Readonly<Record<string, string>> = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no line matching ${ready} within ${timeoutMs} ms; stdout: ${stdout}`));
    }, timeoutMs);
    child.stdout?.on('data', (d) => {
      stdout += d;
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => stdout });
      }
    });
    child.on('error', reject);
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

/**
 * `kms-conformance serve` (with `args`: faults, a replay...) started on a free port: its URL, the project id it
 * printed, and a stop that waits for it to exit.
 */
export async function serveCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ url: string; projectId: string; stop: () => Promise<void> }> {
  const started = await startCli(
    ['serve', '--port', '0', ...args],
    /listening (http:\/\/\S+)\n/,
    20_000,
    env,
  );
  return {
    url: started.match[1] ?? '',
    projectId: /project-id ([0-9a-f]{32})/.exec(started.output())?.[1] ?? '',
    stop: async () => {
      started.child.kill('SIGTERM');
      await exited(started.child);
    },
  };
}
