/** A recording served over HTTP on 127.0.0.1 (or --host), as `kms-conformance serve --replay` does. */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Recording } from './format.js';
import { Replayer } from './replay.js';

export interface ReplayOptions {
  readonly host?: string;
  readonly port?: number;
  readonly projectId?: string;
  readonly token?: string;
  readonly ak?: string;
  readonly sk?: string;
}

export interface ReplayServer {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  close(): Promise<void>;
}

/** A body larger than any recorded request (the largest is the 1 MiB padded create) is not read further. */
const maxBody = 4 * 1024 * 1024;

export async function startReplayServer(recording: Recording, o: ReplayOptions = {}): Promise<ReplayServer> {
  const projectId = o.projectId ?? randomBytes(16).toString('hex');
  const token = o.token ?? `replay-${randomBytes(24).toString('hex')}`;
  const replayer = new Replayer(recording, {
    projectId,
    token,
    ...(o.ak !== undefined && { ak: o.ak }),
    ...(o.sk !== undefined && { sk: o.sk }),
    domainId: randomBytes(16).toString('hex'),
  });
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const answer = replayer.answer({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if ('drop' in answer) {
        res.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    projectId,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
