/**
 * Hostile targets for the tests: a real reference behind a proxy that misbehaves in one way (throttles,
 * goes silent, answers slowly, resets, echoes the token, sends gigantic or deep or compressed answers).
 * Everything listens on 127.0.0.1, port 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { startReferenceServer } from '../../src/reference/server.js';

export interface Hostile {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  /** Requests the proxy received. */
  readonly received: () => number;
  close(): Promise<void>;
}

/** What the proxy does with a request: answer it itself, or pass it on (and maybe change the answer). */
export type Behaviour = (ctx: {
  readonly n: number;
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly res: ServerResponse;
  readonly forward: () => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;
}) => Promise<void> | void;

export const send = (
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(body);
};

export async function startHostile(
  behaviour: Behaviour,
  token = `TOKEN-${randomBytes(12).toString('hex')}`,
): Promise<Hostile> {
  const reference = await startReferenceServer({ token });
  const sockets = new Set<Socket>();
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
        ) as Record<string, string>;
        const answer = await request(`${reference.url}${req.url ?? '/'}`, { method: 'POST', headers, body });
        return {
          status: answer.statusCode,
          headers: Object.fromEntries(
            Object.entries(answer.headers).filter(([k]) => k !== 'content-length' && k !== 'connection'),
          ) as Record<string, string>,
          body: Buffer.from(await answer.body.arrayBuffer()),
        };
      };
      Promise.resolve(behaviour({ n: ++n, req, body, res, forward })).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    projectId: reference.projectId,
    token,
    received: () => n,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await reference.close();
    },
  };
}

/** Passes every request on unchanged. */
export const passThrough: Behaviour = async ({ res, forward }) => {
  const a = await forward();
  send(res, a.status, a.body, a.headers);
};

/** Nested JSON of about `bytes` bytes. */
export const deepJson = (bytes: number) => `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}`;

const bombs = new Map<number, Buffer>();
/** A gzip body that inflates to `bytes` zeros (made once per size: compressing 100 MB takes a while). */
export function gzipBomb(bytes: number): Buffer {
  const made = bombs.get(bytes) ?? gzipSync(Buffer.alloc(bytes));
  bombs.set(bytes, made);
  return made;
}
