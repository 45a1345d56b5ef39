/**
 * The in-process wire: requests to a target named `inproc://<name>` go to a handler of this process without a
 * socket. A handler in this thread is called directly; one in another thread (the main thread, for a vitest
 * worker) is reached through a BroadcastChannel of that name, so no socket, no HTTP parsing and no kernel sit
 * between a check and the reference. The run's limits hold as on the wire: time, answer size.
 *
 * The handler's side is the reference's (src/reference/in-process.ts); this module only states the messages.
 */
import { BroadcastChannel } from 'node:worker_threads';
import { TransportError } from './errors.js';
import type { HttpLimits, RawRequest, RawResponse } from './http.js';

export const inProcessScheme = 'inproc:';

/** What a handler receives: the request as the wire would carry it. */
export interface InProcessRequest {
  readonly method: string;
  /** The request target: path and query. */
  readonly target: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type InProcessHandler = (request: InProcessRequest) => Promise<RawResponse>;

interface Envelope {
  readonly id: number;
  readonly reply: string;
  readonly request: InProcessRequest;
}

type Answer = { readonly id: number; readonly response: RawResponse } | { readonly id: number; readonly error: string };

/** Handlers of this thread, by name: found by clients of the same thread without a message. */
const local = new Map<string, InProcessHandler>();

/**
 * Serves `handler` under `name` for this thread and every other thread of the process. Returns the close.
 */
export function serveInProcess(name: string, handler: InProcessHandler): () => void {
  local.set(name, handler);
  const channel = new BroadcastChannel(name);
  const replies = new Map<string, BroadcastChannel>();
  channel.onmessage = (event) => {
    const { id, reply, request } = (event as { data: Envelope }).data;
    let to = replies.get(reply);
    if (!to) {
      to = new BroadcastChannel(reply);
      to.unref();
      replies.set(reply, to);
    }
    const send = to;
    handler(request).then(
      (response) => send.postMessage({ id, response } satisfies Answer),
      (error: unknown) => send.postMessage({ id, error: String(error) } satisfies Answer),
    );
  };
  channel.unref();
  return () => {
    local.delete(name);
    channel.close();
    for (const r of replies.values()) r.close();
  };
}

let wires = 0;

/** A client's end: one reply channel per wire, requests matched to answers by id. */
export class InProcessWire {
  readonly #name: string;
  readonly #pending = new Map<number, (answer: Answer) => void>();
  #channel: BroadcastChannel | undefined;
  #replies: BroadcastChannel | undefined;
  readonly #reply = `kmsct-reply-${process.pid}-${Math.random().toString(36).slice(2)}-${++wires}`;
  #ids = 0;

  constructor(url: URL) {
    this.#name = url.host;
  }

  async send(req: RawRequest, limits: HttpLimits): Promise<RawResponse> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
    const request: InProcessRequest = {
      method: req.method,
      target: `${req.url.pathname}${req.url.search}`,
      headers,
      body: req.body ?? '',
    };
    const handler = local.get(this.#name);
    const answer = handler
      ? handler(request).then((response) => ({ id: 0, response }) as Answer)
      : this.#post(request);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TransportError(
              'KMSCT_ERR_TIMEOUT',
              `expected an answer within ${limits.timeoutMs} ms, received none from ${req.method} ${req.url.href}`,
            ),
          ),
        limits.timeoutMs,
      );
    });
    try {
      const got = await Promise.race([answer, late]).finally(() => this.#pending.delete(this.#ids));
      if ('error' in got)
        throw new TransportError('KMSCT_ERR_CONNECTION', `${req.method} ${req.url.href} failed: ${got.error}`);
      const size = Buffer.byteLength(got.response.text);
      if (size > limits.maxResponseBytes)
        throw new TransportError(
          'KMSCT_ERR_RESPONSE_TOO_LARGE',
          `expected a response of at most ${limits.maxResponseBytes} bytes, received more from ${req.method} ${req.url.pathname}`,
        );
      const lower: Record<string, string> = {};
      for (const [k, v] of Object.entries(got.response.headers)) lower[k.toLowerCase()] = v;
      return { status: got.response.status, headers: lower, text: got.response.text };
    } finally {
      clearTimeout(timer);
    }
  }

  #post(request: InProcessRequest): Promise<Answer> {
    if (!this.#channel) {
      this.#channel = new BroadcastChannel(this.#name);
      this.#replies = new BroadcastChannel(this.#reply);
      // Neither channel keeps a process alive: a request waiting on one has its own timer.
      this.#channel.unref();
      this.#replies.unref();
      this.#replies.onmessage = (event) => {
        const answer = (event as { data: Answer }).data;
        this.#pending.get(answer.id)?.(answer);
        this.#pending.delete(answer.id);
      };
    }
    const id = ++this.#ids;
    const channel = this.#channel;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      channel.postMessage({ id, reply: this.#reply, request } satisfies Envelope);
    });
  }

  close(): void {
    this.#channel?.close();
    this.#replies?.close();
    this.#channel = undefined;
    this.#replies = undefined;
  }
}
