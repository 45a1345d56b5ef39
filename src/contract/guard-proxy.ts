/**
 * What stands between the Pact verifier and the provider: a loopback proxy that gives `pact verify` the limits
 * of `run`. It puts in the real credentials (the contract carries a placeholder token), forwards each request
 * through our transport (timeout, response cap, bounded decompression), redacts every secret out of the answer
 * before the verifier can print it, refuses to let a redirect lead to another origin, and answers in time
 * whatever the provider does: a transport failure becomes a 502 the verification records as an error of its
 * own, never a mismatch of the provider.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent } from 'undici';
import type { Auth } from '../transport/client.js';
import { TransportError } from '../transport/errors.js';
import type { RunGuard } from '../transport/guard.js';
import { type HttpLimits, sendRaw } from '../transport/http.js';
import type { Redactor } from '../transport/redact.js';
import { signRequest } from '../transport/signing.js';

export interface GuardProxyOptions {
  readonly target: URL;
  readonly projectId: string;
  readonly auth: Exclude<Auth, { kind: 'none' }>;
  readonly limits: HttpLimits;
  readonly redactor: Redactor;
  readonly guard: RunGuard;
  readonly insecure?: boolean;
}

export interface GuardProxy {
  readonly url: string;
  /** Requests forwarded to the provider. */
  readonly forwarded: () => number;
  /** What kept an exchange from completing (redacted): each is an error of the run, not of the provider. */
  readonly errors: () => readonly string[];
  /** Redirects to another origin that were not passed on. */
  readonly redirects: () => readonly string[];
  /** Idempotent. */
  close(): Promise<void>;
}

/** A contract request is small; a bigger one is not from the verifier. */
const maxRequestBytes = 1024 * 1024;
const hopByHop = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'expect',
]);
/** Dropped from answers: the body is relayed decoded, re-framed, and redacted. */
const answerDropped = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

export async function startGuardProxy(o: GuardProxyOptions): Promise<GuardProxy> {
  const agent = new Agent({ connect: { rejectUnauthorized: o.insecure !== true } });
  const errors: string[] = [];
  const redirects: string[] = [];
  const sockets = new Set<Socket>();
  let forwarded = 0;
  let origin = '';

  const fail = (res: ServerResponse, status: number, message: string) => {
    const safe = o.redactor.text(message);
    errors.push(safe);
    res.writeHead(status, { 'content-type': 'application/json', 'x-kmsct-error': 'transport' });
    res.end(JSON.stringify({ error: { error_code: 'KMSCT.PROXY', error_msg: safe } }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    o.guard.check();
    const url = new URL(req.url ?? '/', o.target);
    // Only the path and query come from the verifier: the origin is always the provider's.
    const forwardUrl = new URL(`${url.pathname}${url.search}`, o.target);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined && !hopByHop.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const text = body.toString('utf8');
    // Credentials go only where the contract put its placeholder: "refused without a token" stays so.
    if (headers['x-auth-token'] !== undefined) {
      delete headers['x-auth-token'];
      if (o.auth.kind === 'token') headers['x-auth-token'] = o.auth.token;
      else
        Object.assign(
          headers,
          signRequest({
            ak: o.auth.ak,
            sk: o.auth.sk,
            method: req.method ?? 'GET',
            url: forwardUrl,
            headers: {
              'content-type': headers['content-type'] ?? 'application/json',
              'X-Project-Id': o.projectId,
            },
            body: text,
          }),
        );
    }
    forwarded++;
    const answer = await sendRaw(
      agent,
      {
        url: forwardUrl,
        method: req.method ?? 'GET',
        headers,
        ...(req.method !== 'GET' && req.method !== 'HEAD' && { body: text }),
      },
      o.limits,
    );
    o.guard.answered();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers))
      if (!answerDropped.has(k.toLowerCase())) out[k] = o.redactor.text(v);
    const location = out.location;
    if (location !== undefined) {
      const to = new URL(location, o.target);
      if (to.origin !== o.target.origin) {
        redirects.push(o.redactor.text(`${req.method} ${url.pathname} → ${to.origin}`));
        delete out.location;
      } else out.location = new URL(`${to.pathname}${to.search}`, origin).toString();
    }
    res.writeHead(answer.status, out);
    res.end(o.redactor.text(answer.text));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxRequestBytes) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (size > maxRequestBytes) {
        fail(
          res,
          413,
          `KMSCT_ERR_PACT: a request of ${size} bytes from the verifier; expected at most ${maxRequestBytes}`,
        );
        return;
      }
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (error instanceof TransportError && error.silent) o.guard.silent(error.message);
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) fail(res, 502, message);
        else res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | undefined;
  return {
    url: origin,
    forwarded: () => forwarded,
    errors: () => errors,
    redirects: () => redirects,
    close() {
      closed ??= (async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => server.close(() => r()));
        await agent.destroy();
      })();
      return closed;
    },
  };
}
