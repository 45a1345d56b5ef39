import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Edition } from '../catalogue/types.js';
import { KmsctError } from '../errors.js';
import { answer } from './answer.js';
import { type Behaviour, defaultBehaviour } from './behaviour.js';
import { type CloudProfile, cloudBehaviour, cloudDefaults } from './cloud.js';
import { withFaults } from './faults/index.js';
import { hostInProcess } from './in-process.js';
import { reject } from './rejection.js';
import type { Credentials, ReferenceConfig, Reply } from './types.js';

/** The address could not be bound (in use, not local, no permission). */
export class ListenError extends KmsctError {
  override name = 'ListenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('KMSCT_ERR_LISTEN', message, options);
  }
}

export interface ReferenceOptions {
  readonly host?: string;
  readonly port?: number;
  readonly projectId?: string;
  readonly token?: string;
  /** More projects of the same account, each with its own token. */
  readonly extraProjects?: readonly Credentials[];
  readonly domainId?: string;
  readonly ak?: string;
  readonly sk?: string;
  readonly edition?: Edition;
  readonly seed?: number;
  readonly faults?: readonly string[];
  readonly quota?: number;
  readonly bodyLimit?: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** A socket without progress (a client that does not read) is closed after this long. */
  readonly writeTimeoutMs?: number;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /**
   * Serve on the in-process wire instead of a socket (`inproc://<name>`): for runs in this process whose
   * plants are not about the wire. Host, port, TLS and the socket timeouts do not apply.
   */
  readonly inProcess?: boolean;
  /** `cloud`: behind a gateway, throttled, with keys that settle, as the real service is (src/reference/cloud.ts). */
  readonly profile?: 'cloud';
  /** The cloud profile's rate, burst and settle window, where they differ from its defaults. */
  readonly cloud?: Partial<CloudProfile>;
}

export interface ReferenceServer {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  readonly domainId: string;
  readonly edition: Edition;
  /** Most body bytes held in memory for one request so far; requests served; sockets open now. */
  readonly stats: () => {
    readonly maxBufferedBytes: number;
    readonly requests: number;
    readonly sockets: number;
  };
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const referenceDefaults = {
  host: '127.0.0.1',
  quota: 100_000,
  bodyLimit: 64 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  writeTimeoutMs: 15_000,
  maxClockSkewMs: 15 * 60_000,
} as const;

export function referenceConfig(options: ReferenceOptions): ReferenceConfig {
  const main = { projectId: options.projectId ?? hex(16), token: options.token ?? `ref-${hex(24)}` };
  return {
    edition: options.edition ?? 'seed',
    domainId: options.domainId ?? hex(16),
    projects: [main, ...(options.extraProjects ?? [])],
    ...(options.ak !== undefined && { ak: options.ak }),
    ...(options.sk !== undefined && { sk: options.sk }),
    quota: options.quota ?? referenceDefaults.quota,
    bodyLimit: options.bodyLimit ?? referenceDefaults.bodyLimit,
    maxClockSkewMs: referenceDefaults.maxClockSkewMs,
    ...(options.seed !== undefined && { seed: options.seed }),
    faults: options.faults ?? [],
  };
}

/** Header values as strings: node:http gives an array only for set-cookie, so the copy is rarely needed. */
function headerMap(req: IncomingMessage): Record<string, string> {
  if (req.headers['set-cookie'] === undefined) return req.headers as Record<string, string>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Reads the body up to the limit and calls `done` once. Past the limit nothing more is kept: the rest is
 * read and dropped so the client can finish sending and read the 400, and the request timeout bounds how
 * long that may take. Callbacks, not a promise: this is the hot path of every request.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
  counters: { maxBufferedBytes: number },
  done: (body: Buffer | 'too-large') => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
  req.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
    if (size > counters.maxBufferedBytes) counters.maxBufferedBytes = size;
  });
  req.on('end', () =>
    done(tooLarge ? 'too-large' : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)),
  );
}

function listener(
  behaviour: Behaviour,
  counters: { maxBufferedBytes: number; requests: number },
  scheme: 'http' | 'https',
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    counters.requests++;
    const send = (reply: Reply) => {
      const write = () => {
        // Headers as one flat list: node:http takes it as is, with no object to build and walk.
        const headers: string[] = [];
        for (const name in reply.headers) headers.push(name, reply.headers[name] as string);
        headers.push('content-length', String(Buffer.byteLength(reply.body)));
        res.writeHead(reply.status, headers);
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(write, reply.delayMs);
      else write();
    };
    // A client that disconnects mid-body: there is nobody left to answer.
    req.on('error', () => res.destroy());
    readBody(req, behaviour.bodyLimit, counters, (body) => {
      const target = req.url ?? '/';
      send(answer(behaviour, { method: req.method ?? 'GET', target, scheme, headers: headerMap(req), body }));
    });
  };
}

/** An answer written on a raw socket, for requests node:http hands over without a response (CONNECT). */
function rawRefusal(status: number, reason: string, rejection: { code: string; message: string }): string {
  const body = JSON.stringify({ error: { error_code: rejection.code, error_msg: rejection.message } });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json;charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** Starts the reference KMS on host:port (port 0 picks a free one) and resolves when it listens. */
export async function startReferenceServer(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const config = referenceConfig(options);
  const base = defaultBehaviour(config);
  // The gateway stands in front of whatever is planted behind it.
  const planted = withFaults(base, config.faults);
  const behaviour =
    options.profile === 'cloud' ? cloudBehaviour(planted, { ...cloudDefaults, ...options.cloud }) : planted;
  const main = config.projects[0] as Credentials;
  const identity = {
    projectId: main.projectId,
    token: main.token,
    domainId: config.domainId,
    edition: config.edition,
  };
  if (options.inProcess) {
    const host = hostInProcess(behaviour);
    return {
      url: host.url,
      ...identity,
      stats: () => ({ maxBufferedBytes: 0, requests: host.requests(), sockets: 0 }),
      close: async () => host.close(),
    };
  }
  const counters = { maxBufferedBytes: 0, requests: 0 };
  const requestTimeout = options.requestTimeoutMs ?? referenceDefaults.requestTimeoutMs;
  const serverOptions = {
    headersTimeout: Math.min(options.headersTimeoutMs ?? referenceDefaults.headersTimeoutMs, requestTimeout),
    requestTimeout,
    // Node checks the two timeouts only this often; the default of 30 s would let a slow client linger.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4))),
    keepAliveTimeout: 5_000,
  };
  const scheme = options.tls ? 'https' : 'http';
  const onRequest = listener(behaviour, counters, scheme);
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(serverOptions, onRequest);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // CONNECT is never routed: it gets the documented 405, not a dropped connection.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawRefusal(405, 'Method Not Allowed', reject(405, 'KMS.0215')));
  });
  // A socket whose answers stop flowing for this long is closed: a client that never reads cannot hold the
  // answers' memory, nor keep others waiting. One watchdog for all sockets costs nothing per request.
  const writeTimeoutMs = options.writeTimeoutMs ?? referenceDefaults.writeTimeoutMs;
  const progress = new WeakMap<Socket, { written: number; since: number }>();
  const watchdog = setInterval(
    () => {
      const now = Date.now();
      for (const socket of sockets) {
        const seen = progress.get(socket);
        if (socket.writableLength === 0 || seen?.written !== socket.bytesWritten)
          progress.set(socket, { written: socket.bytesWritten, since: now });
        else if (now - seen.since > writeTimeoutMs) socket.destroy();
      }
    },
    Math.max(50, writeTimeoutMs / 4),
  );
  watchdog.unref();
  const host = options.host ?? referenceDefaults.host;
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) =>
      reject(
        new ListenError(`cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? error.message}`, {
          cause: error,
        }),
      );
    server.once('error', refuse);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ...identity,
    stats: () => ({ ...counters, sockets: sockets.size }),
    close: () =>
      new Promise<void>((resolve) => {
        // Every socket is destroyed, HTTP or not (a CONNECT, a request cut during 100-continue): close must
        // end even when a client misbehaved.
        clearInterval(watchdog);
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
        setTimeout(resolve, 1000);
      }),
  };
}
