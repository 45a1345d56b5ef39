import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, type Dispatcher, errors, request } from 'undici';
import { TransportError } from './errors.js';
import { answerRead } from './memory.js';

export interface RawRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface HttpLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** How a client reaches its target: over HTTP, or in process (src/transport/in-process.ts). */
export interface Wire {
  send(req: RawRequest, limits: HttpLimits): Promise<RawResponse>;
  /** Waits for requests in flight, then releases the wire. */
  close(): Promise<void>;
  /** Releases the wire at once, requests in flight included. */
  destroy(): Promise<void>;
}

/** The wire to a real endpoint: an undici Agent (keep-alive connections, TLS). */
export class HttpWire implements Wire {
  readonly #agent: Agent;
  constructor(options: { readonly connections: number; readonly ca?: string; readonly insecure: boolean }) {
    this.#agent = new Agent({
      connections: options.connections,
      connect: {
        ...(options.ca !== undefined && { ca: options.ca }),
        rejectUnauthorized: !options.insecure,
      },
    });
  }
  send(req: RawRequest, limits: HttpLimits): Promise<RawResponse> {
    return sendRaw(this.#agent, req, limits);
  }
  async close(): Promise<void> {
    if (!this.#agent.closed && !this.#agent.destroyed) await this.#agent.close();
  }
  async destroy(): Promise<void> {
    if (!this.#agent.destroyed) await this.#agent.destroy();
  }
}

/** One HTTP exchange over undici, bounded in time and in response size. */
export async function sendRaw(
  dispatcher: Dispatcher,
  req: RawRequest,
  limits: HttpLimits,
): Promise<RawResponse> {
  // A timer cleared when the exchange ends: AbortSignal.timeout would fire for every request, long after
  // it ended, and keep each request's signal alive until then.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('the request timed out', 'TimeoutError')),
    limits.timeoutMs,
  );
  const signal = controller.signal;
  try {
    const res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      ...(req.body !== undefined && { body: req.body }),
      dispatcher,
      signal,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxResponseBytes) {
        res.body.destroy();
        throw new TransportError(
          'KMSCT_ERR_RESPONSE_TOO_LARGE',
          `expected a response of at most ${limits.maxResponseBytes} bytes, received more from ${req.method} ${req.url.pathname}`,
        );
      }
      chunks.push(chunk as Buffer);
    }
    const headers = flatHeaders(res.headers);
    const raw = Buffer.concat(chunks, size);
    answerRead(size);
    return { status: res.statusCode, headers, text: decoded(raw, headers['content-encoding'], req, limits) };
  } catch (error) {
    throw classify(error, req, limits);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A compressed answer (a target may send one unasked) is inflated with the same cap as the wire: a small
 * bomb must not become gigabytes.
 */
function decoded(raw: Buffer, encoding: string | undefined, req: RawRequest, limits: HttpLimits): string {
  const inflate = { gzip: gunzipSync, 'x-gzip': gunzipSync, deflate: inflateSync, br: brotliDecompressSync }[
    (encoding ?? '').trim().toLowerCase()
  ];
  if (!inflate) return raw.toString('utf8');
  try {
    const inflated = inflate(raw, { maxOutputLength: limits.maxResponseBytes });
    answerRead(inflated.length);
    return inflated.toString('utf8');
  } catch (error) {
    const tooLarge =
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
    throw new TransportError(
      tooLarge ? 'KMSCT_ERR_RESPONSE_TOO_LARGE' : 'KMSCT_ERR_CONNECTION',
      tooLarge
        ? `expected a response of at most ${limits.maxResponseBytes} bytes once inflated (${encoding}), received more from ${req.method} ${req.url.pathname}`
        : `the ${encoding} body from ${req.method} ${req.url.pathname} does not inflate: ${(error as Error).message}`,
    );
  }
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ERR_SSL|EPROTO|TLS/;

function classify(error: unknown, req: RawRequest, limits: HttpLimits): Error {
  if (error instanceof TransportError) return error;
  const where = `${req.method} ${req.url.origin}${req.url.pathname}`;
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return new TransportError(
      'KMSCT_ERR_TIMEOUT',
      `expected an answer within ${limits.timeoutMs} ms, received none from ${where}`,
      {
        cause: error,
      },
    );
  }
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new TransportError(
      'KMSCT_ERR_UNREACHABLE',
      `expected ${req.url.origin} to accept connections, received ${code}`,
      { cause: error },
    );
  }
  if (tlsCodes.test(String(code)) || tlsCodes.test((error as Error).message ?? ''))
    return new TransportError(
      'KMSCT_ERR_TLS',
      `the TLS handshake with ${req.url.origin} failed (${code ?? (error as Error).message}); for a private certificate authority pass --ca-file <pem>, or --insecure to skip verification`,
      { cause: error },
    );
  return new TransportError(
    'KMSCT_ERR_CONNECTION',
    `${where} failed: ${(error as Error).message ?? String(error)}`,
    { cause: error },
  );
}
