/**
 * A run stopped from outside, at every moment of its life, against a real `kms-conformance serve`: SIGTERM (a
 * cancelled CI job) and SIGINT (Ctrl-C) end it with 143 and 130, its reports written with `interrupted`, and no
 * key of the run left enabled; a run killed outright leaves its keys to `kms-conformance cleanup`; an aborted
 * `runConformance` resolves with an interrupted report. The moment is chosen by what the target has seen (a
 * proxy counts the creates of the key phase and of the suites by their aliases), not by the clock.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { KmsClient } from '../../src/transport/client.js';
import { tempDir } from '../support/files.js';
import { exited, runCli, startCli } from '../support/spawn.js';

interface Serve {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  readonly child: ChildProcess;
}

async function serve(): Promise<Serve> {
  const { child, match, output } = await startCli(['serve', '--port', '0'], /listening (http:\/\/\S+)\n/);
  return {
    url: match[1] ?? '',
    projectId: /project-id ([0-9a-f]{32})/.exec(output())?.[1] ?? '',
    token: /token ([^\s,]+)/.exec(output())?.[1] ?? '',
    child,
  };
}

/** What the proxy has seen: requests, and creates of the key phase and of the suites, told apart by alias. */
interface Seen {
  readonly requests: number;
  readonly keyPhase: number;
  readonly suites: number;
}

/**
 * A proxy in front of `serve` that calls `when` after each request it has passed on; `hold` may keep a request
 * back for a while first.
 */
async function proxy(
  upstream: Serve,
  when: (seen: Seen) => void,
  hold: (path: string) => number = () => 0,
): Promise<{ url: string; server: Server }> {
  const seen = { requests: 0, keyPhase: 0, suites: 0 };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const alias = /"key_alias":"([^"]*)"/.exec(body.toString('utf8'))?.[1] ?? '';
      seen.requests++;
      // <run id>-<prefix>-k<n> in the key phase; <run id>-<prefix>-<file tag>k<n> in the suites.
      const last = alias.startsWith('kmsct-') ? (alias.split('-').at(-1) ?? '') : '';
      if (/^k\d+$/.test(last)) seen.keyPhase++;
      else if (/^[0-9a-z]{4}[a-z]\d+$/.test(last)) seen.suites++;
      const held = hold(req.url ?? '/');
      if (held > 0) await new Promise((r) => setTimeout(r, held));
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
        ) as Record<string, string>;
        const answer = await request(`${upstream.url}${req.url ?? '/'}`, { method: 'POST', headers, body });
        const text = await answer.body.text();
        res.writeHead(answer.statusCode, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(text);
      } catch {
        res.destroy();
      }
      when({ ...seen });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function shutDown(front: { server: Server }, upstream: Serve): Promise<void> {
  front.server.closeAllConnections();
  front.server.close();
  upstream.child.kill('SIGTERM');
  await exited(upstream.child);
}

/** Every key of the account that is not a service default key and not pending deletion. */
async function enabledKeys(s: Serve): Promise<string[]> {
  const client = new KmsClient({
    baseUrl: s.url,
    projectId: s.projectId,
    auth: { kind: 'token', token: s.token },
  });
  try {
    const x = await client.call('list-keys', { key_spec: 'ALL', limit: '1000' });
    const keys = (
      x.json as { key_details: { key_alias: string; key_state: string; default_key_flag: string }[] }
    ).key_details;
    return keys.filter((k) => k.default_key_flag !== '1' && k.key_state !== '4').map((k) => k.key_alias);
  } finally {
    await client.close();
  }
}

const moments: readonly [string, (seen: Seen) => boolean][] = [
  ['during the start-up checks', (seen) => seen.requests >= 2],
  ['during the key phase', (seen) => seen.keyPhase >= 3],
  ['early in the suites', (seen) => seen.suites >= 5],
  ['late in the suites', (seen) => seen.suites >= 200],
];

describe('a run interrupted by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    for (const [moment, reached] of moments)
      it.concurrent(`${signal} ${moment}: exit ${signal === 'SIGINT' ? 130 : 143}, reports with "interrupted", no key of the run left enabled`, async () => {
        const upstream = await serve();
        let child: ChildProcess | undefined;
        let signalled = 0;
        const front = await proxy(upstream, (seen) => {
          if (signalled === 0 && reached(seen) && child) {
            signalled = performance.now();
            child.kill(signal);
          }
        });
        const dir = tempDir('interrupt');
        try {
          const result = await runCli(
            ['run', '--target', front.url, '--project-id', upstream.projectId, '--report-dir', dir],
            { env: { KMSCT_TOKEN: upstream.token }, timeoutMs: 90_000, onStart: (c) => (child = c) },
          );
          expect(signalled, 'the moment was reached').toBeGreaterThan(0);
          expect(result.code, result.stdout.slice(-600) + result.stderr.slice(-600)).toBe(
            signal === 'SIGINT' ? 130 : 143,
          );
          expect((performance.now() - signalled) / 1000, 'seconds from the signal to the exit').toBeLessThan(
            20,
          );
          for (const file of ['report.json', 'junit.xml', 'report.html'])
            expect(existsSync(join(dir, file)), file).toBe(true);
          const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
          expect(report.summary.interrupted).toMatch(new RegExp(`^interrupted by ${signal}`));
          expect(report.summary.verdict).not.toBe('conformant');
          expect(await enabledKeys(upstream)).toEqual([]);
        } finally {
          await shutDown(front, upstream);
        }
      }, 120_000);
});

describe('a second signal', () => {
  it('ends the run at once, while the clean-up of the first still waits on the target', async () => {
    const upstream = await serve();
    let child: ChildProcess | undefined;
    let first = false;
    let second = 0;
    const front = await proxy(
      upstream,
      (seen) => {
        if (!first && seen.suites >= 5 && child) {
          first = true;
          child.kill('SIGTERM');
        }
      },
      (path) => {
        if (!path.endsWith('/schedule-key-deletion') || !first) return 0;
        if (second === 0) {
          second = performance.now();
          child?.kill('SIGTERM');
        }
        // Far longer than the run may take to end on the second signal.
        return 15_000;
      },
    );
    try {
      const result = await runCli(
        ['run', '--target', front.url, '--project-id', upstream.projectId, '--report-dir', tempDir('twice')],
        { env: { KMSCT_TOKEN: upstream.token }, timeoutMs: 90_000, onStart: (c) => (child = c) },
      );
      expect(second, 'the clean-up began').toBeGreaterThan(0);
      expect(result.code, result.stderr.slice(-600)).toBe(143);
      expect((performance.now() - second) / 1000, 'seconds from the second signal to the exit').toBeLessThan(
        5,
      );
    } finally {
      await shutDown(front, upstream);
    }
  }, 120_000);
});

describe('a run killed outright', () => {
  let upstream: Serve;
  beforeAll(async () => {
    upstream = await serve();
  });
  afterAll(async () => {
    upstream.child.kill('SIGTERM');
    await exited(upstream.child);
  });

  it('SIGKILL mid-suites leaves keys; cleanup --dry-run lists them, cleanup --run-id schedules every one', async () => {
    let child: ChildProcess | undefined;
    let killed = false;
    const front = await proxy(upstream, (seen) => {
      if (!killed && seen.suites >= 20 && child) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const tmp = tempDir('killed-tmp');
    // The same target as the run's: the keys a surviving state folder recorded count only for it.
    const target = ['--target', front.url, '--project-id', upstream.projectId];
    const env = { KMSCT_TOKEN: upstream.token, TMPDIR: tmp };
    try {
      const result = await runCli(
        [
          'run',
          '--target',
          front.url,
          '--project-id',
          upstream.projectId,
          '--run-id',
          'kmsct-killed-1',
          '--report-dir',
          tempDir('killed'),
        ],
        { env, timeoutMs: 90_000, onStart: (c) => (child = c) },
      );
      expect(result.code).toBeNull();
      const left = await enabledKeys(upstream);
      expect(left.length, 'keys the killed run left').toBeGreaterThan(0);
      const dry = await runCli(['cleanup', ...target, '--run-id', 'kmsct-killed-1', '--dry-run'], { env });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(
        new RegExp(`^${left.length} key\\(s\\) of run kmsct-killed-1, not yet pending deletion$`, 'm'),
      );
      expect(await enabledKeys(upstream)).toHaveLength(left.length);
      const swept = await runCli(['cleanup', ...target, '--run-id', 'kmsct-killed-1'], { env });
      expect(swept.code, swept.stdout + swept.stderr).toBe(0);
      expect(swept.stdout).toContain(`scheduled for deletion: ${left.length} of ${left.length}`);
      expect(await enabledKeys(upstream)).toEqual([]);
      expect(`${dry.stdout}${swept.stdout}${swept.stderr}`).not.toContain(upstream.token);
    } finally {
      front.server.close();
    }
  }, 120_000);

  it('cleanup refuses a call that names no run and no age, or both, with exit 2', async () => {
    const target = ['--target', upstream.url, '--project-id', upstream.projectId, '--token', 't'];
    for (const extra of [[], ['--run-id', 'kmsct-a', '--older-than', '1h']]) {
      const result = await runCli(['cleanup', ...target, ...extra]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('give one of --run-id and --older-than');
    }
    const bad = await runCli(['cleanup', ...target, '--older-than', 'soon']);
    expect(bad.stderr).toContain(
      '--older-than must be a duration such as 90s, 30m, 2h or 1d, but received "soon"',
    );
  });
});

describe('the other commands that create keys or write reports', () => {
  it('gallery: SIGTERM after the first plant stops it with 143, the plants that ran written', async () => {
    const dir = tempDir('gallery-interrupted');
    const result = await runCli(
      [
        'gallery',
        '--lanes',
        '1',
        // One plant a batch: the first verdict is printed while the other plants are still to run.
        '--batch',
        '1',
        '--only',
        'alias-max-256',
        '--only',
        'created-disabled',
        '--report-dir',
        dir,
      ],
      {
        timeoutMs: 90_000,
        onStart: (child) => {
          let out = '';
          let sent = false;
          child.stdout?.on('data', (d) => {
            out += d;
            if (!sent && /^ok /m.test(out)) {
              sent = true;
              child.kill('SIGTERM');
            }
          });
        },
      },
    );
    expect(result.code, result.stdout + result.stderr).toBe(143);
    expect(result.stdout).toMatch(/^interrupted by SIGTERM: \d of 3 runs ran$/m);
    const gallery = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')) as {
      verdicts: { name: string; ok: boolean; why: string }[];
    };
    expect(gallery.verdicts[0]).toMatchObject({ name: 'reference', ok: true, why: 'conformant' });
    expect(gallery.verdicts.length).toBeLessThanOrEqual(3);
    // A plant the signal cut short is neither killed nor survived.
    for (const v of gallery.verdicts.slice(1))
      if (!v.ok) expect(v.why).toMatch(/^not judged: interrupted by SIGTERM: /);
  }, 120_000);

  it('pact verify: SIGTERM mid-verification ends it with 143, and the keys it made are scheduled for deletion', async () => {
    const upstream = await serve();
    let child: ChildProcess | undefined;
    let signalled = false;
    const front = await proxy(upstream, (seen) => {
      if (!signalled && seen.requests >= 4 && child) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    try {
      const result = await runCli(
        ['pact', 'verify', '--target', front.url, '--project-id', upstream.projectId],
        {
          env: { KMSCT_TOKEN: upstream.token, PACT_DO_NOT_TRACK: 'true' },
          timeoutMs: 90_000,
          onStart: (c) => (child = c),
        },
      );
      expect(signalled).toBe(true);
      expect(result.code, result.stdout.slice(-800) + result.stderr.slice(-800)).toBe(143);
      expect(result.stdout).toContain('interrupted by SIGTERM');
      expect(await enabledKeys(upstream)).toEqual([]);
    } finally {
      await shutDown(front, upstream);
    }
  }, 120_000);
});

describe('the library API', () => {
  it('an aborted runConformance resolves with an interrupted report, its keys scheduled for deletion', async () => {
    const upstream = await serve();
    const script = fileURLToPath(new URL('../support/abort-run.mjs', import.meta.url));
    const child = fork(script, [], {
      env: { ...process.env, KMSCT_TOKEN: upstream.token },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let aborted = false;
    const front = await proxy(upstream, (seen) => {
      if (!aborted && seen.suites >= 5) {
        aborted = true;
        child.send('abort');
      }
    });
    let stdout = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    try {
      child.send({ target: front.url, projectId: upstream.projectId });
      expect(await exited(child)).toBe(0);
      const result = JSON.parse(stdout) as { verdict: string; exitCode: number; interrupted: string };
      expect(aborted).toBe(true);
      expect(result.interrupted).toMatch(/^aborted by the caller/);
      expect(result.verdict).toBe('incomplete');
      expect(result.exitCode).toBe(3);
      expect(await enabledKeys(upstream)).toEqual([]);
    } finally {
      await shutDown(front, upstream);
    }
  }, 120_000);
});
