/**
 * `kms-conformance pact verify` against providers built to misbehave: each verification ends within its
 * limits, says that it could not finish (exit 2) rather than blaming the provider, keeps memory bounded, never
 * follows a redirect to another origin, and prints no secret.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Behaviour,
  gzipBomb,
  type Hostile,
  passThrough,
  send,
  startHostile,
} from '../test/support/hostile.js';
import { type Finished, runCli } from '../test/support/spawn.js';
import { pactFileName } from './interactions.js';

const pactFile = resolve('pacts', pactFileName);
/** Peak memory any verification may reach; an ordinary one peaks at about 200 MiB. */
const maxMiB = 500;

async function verifyAgainst(hostile: Hostile, extra: readonly string[] = []): Promise<Finished> {
  const result = await runCli(
    [
      'pact',
      'verify',
      '--target',
      hostile.url,
      '--project-id',
      hostile.projectId,
      '--pact-file',
      pactFile,
      '--timeout-ms',
      '1000',
      ...extra,
    ],
    { env: { KMSCT_TOKEN: hostile.token, PACT_DO_NOT_TRACK: 'true' }, timeoutMs: 90_000 },
  );
  expect(`${result.stdout}${result.stderr}`.includes(hostile.token), 'the token was printed').toBe(false);
  expect(result.peakMiB, 'peak resident memory (MiB)').toBeLessThan(maxMiB);
  return result;
}

async function withHostile<T>(behaviour: Behaviour, body: (h: Hostile) => Promise<T>): Promise<T> {
  const hostile = await startHostile(behaviour);
  try {
    return await body(hostile);
  } finally {
    await hostile.close();
  }
}

describe('pact verify against hostile providers', () => {
  it('a provider that echoes the token in its answers: the mismatches quote it redacted, the token is printed nowhere', () =>
    withHostile(
      async (ctx) => {
        const a = await ctx.forward();
        const token = String(ctx.req.headers['x-auth-token'] ?? '');
        // In key_id too, which the contract matches by pattern: the mismatch the verifier prints quotes it.
        const echoed = a.body
          .toString('utf8')
          .replace(/"key_id":"[^"]*"/, `"key_id":"${token}"`)
          .replace(/"error_msg":"(?:[^"\\]|\\.)*"/, `"error_msg":"token ${token} refused"`);
        send(ctx.res, a.status, echoed, { 'x-echo': token });
      },
      async (hostile) => {
        const result = await verifyAgainst(hostile);
        expect(result.code, result.stdout.slice(-600)).toBe(1);
        expect(result.stdout).toMatch(/key_id.*\[REDACTED\]/);
      },
    ));

  it('gzip bombs: the answers are cut at the limit, the verification says it could not finish (exit 2)', () =>
    withHostile(
      async (ctx) => {
        await ctx.forward();
        send(ctx.res, 200, gzipBomb(100 * 1024 * 1024), { 'content-encoding': 'gzip' });
      },
      async (hostile) => {
        const result = await verifyAgainst(hostile);
        expect(result.code).toBe(2);
        expect(result.stdout).toContain('could not finish');
        expect(result.stdout).toMatch(
          /error: KMSCT_ERR_RESPONSE_TOO_LARGE: expected a response of at most 1048576 bytes once inflated/,
        );
        expect(result.seconds).toBeLessThan(60);
      },
    ));

  it('an endless body: cut at the limit, memory bounded, exit 2', () =>
    withHostile(
      (ctx) => {
        ctx.res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!ctx.res.destroyed && ctx.res.write(chunk));
          if (!ctx.res.destroyed) ctx.res.once('drain', pump);
        };
        pump();
      },
      async (hostile) => {
        const result = await verifyAgainst(hostile);
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(
          /error: KMSCT_ERR_RESPONSE_TOO_LARGE: expected a response of at most 1048576 bytes/,
        );
        expect(result.seconds).toBeLessThan(60);
      },
    ));

  it('a silent provider: every answer waits --timeout-ms at most, the process exits with 2', () =>
    withHostile(
      () => undefined,
      async (hostile) => {
        const result = await verifyAgainst(hostile);
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(/error: KMSCT_ERR_TIMEOUT: expected an answer within 1000 ms/);
        expect(result.seconds).toBeLessThan(45);
      },
    ));

  it('connection resets: no crash of the verifier, a summary, exit 2 (not "broke the contract")', () =>
    withHostile(
      (ctx) => {
        ctx.req.socket.destroy();
      },
      async (hostile) => {
        const result = await verifyAgainst(hostile);
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(
          /error: KMSCT_ERR_CONNECTION: POST http:\/\/127\.0\.0\.1:\d+\/v1\.0\/.* failed/,
        );
        expect(result.stderr).not.toMatch(/uncaught|ECONNRESET/i);
      },
    ));

  it("a redirect to another origin is not followed: that origin receives nothing, the mismatch is the provider's", async () => {
    let elsewhere = 0;
    const other: Server = createServer((_req, res) => {
      elsewhere++;
      res.end('{}');
    });
    const sockets = new Set<Socket>();
    other.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const away = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await withHostile(
        (ctx) =>
          ctx.req.url?.endsWith('/create-key')
            ? send(ctx.res, 307, '', { location: `${away}${ctx.req.url}` })
            : passThrough(ctx),
        async (hostile) => {
          const result = await verifyAgainst(hostile);
          expect(result.code).toBe(1);
          expect(result.stdout).toContain('redirect to another origin not followed: POST');
          expect(result.stdout).toContain('pact NOT verified');
          expect(elsewhere).toBe(0);
        },
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
});
