/**
 * The in-process wire: requests to a target named `inproc://<name>` go to a handler of this process without a
 * socket. A handler in this thread is called directly; one in another thread (the main thread, for a vitest
 * worker) is reached through a BroadcastChannel of that name, so no socket, no HTTP parsing and no kernel sit
 * between a check and the reference. The run's limits hold as on the wire: time, answer size.
 *
 * A BroadcastChannel delivers a message to every other channel of its name in the process, so each thread
 * keeps one channel per target and one for its answers: a message reaches exactly the thread it is for.
 * Messages are JSON text (a string crosses threads for less than a structured clone of the same object), and
 * what one thread sends another in one turn of its event loop goes as one message: a post costs tens of
 * microseconds, so checks in flight at once share it.
 * The handler's side is the reference's (src/reference/in-process.ts); this module states the messages.
 */
import { randomBytes } from 'node:crypto';
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { TransportError } from './errors.js';
import type { HttpLimits, RawRequest, RawResponse } from './http.js';
import { answerRead } from './memory.js';

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

type Answer =
  | { readonly id: number; readonly response: RawResponse }
  | { readonly id: number; readonly error: string };

/** Handlers of this thread, by name: found by clients of the same thread without a message. */
const local = new Map<string, InProcessHandler>();

/** Messages for one channel, sent together at the end of this turn of the event loop. */
class Batch<T> {
  #queued: T[] = [];
  constructor(private readonly channel: () => BroadcastChannel) {}
  push(message: T): void {
    if (this.#queued.length === 0) setImmediate(() => this.#flush());
    this.#queued.push(message);
  }
  #flush(): void {
    const queued = this.#queued;
    this.#queued = [];
    this.channel().postMessage(JSON.stringify(queued));
  }
}

/**
 * Serves `handler` under `name` for this thread and every other thread of the process. Returns the close.
 */
export function serveInProcess(name: string, handler: InProcessHandler): () => void {
  local.set(name, handler);
  const channel = new BroadcastChannel(name);
  const replies = new Map<string, { channel: BroadcastChannel; batch: Batch<Answer> }>();
  const answerTo = (reply: string) => {
    let to = replies.get(reply);
    if (!to) {
      const replyChannel = new BroadcastChannel(reply);
      replyChannel.unref();
      to = { channel: replyChannel, batch: new Batch<Answer>(() => replyChannel) };
      replies.set(reply, to);
    }
    return to.batch;
  };
  channel.onmessage = (event) => {
    for (const { id, reply, request } of JSON.parse((event as { data: string }).data) as Envelope[]) {
      const batch = answerTo(reply);
      handler(request).then(
        (response) => batch.push({ id, response }),
        (error: unknown) => batch.push({ id, error: String(error) }),
      );
    }
  };
  channel.unref();
  return () => {
    local.delete(name);
    channel.close();
    for (const r of replies.values()) r.channel.close();
  };
}

/** This thread's end: one answer channel, one request channel per target in use, answers matched by id. */
const thread = {
  reply: `kmsct-answers-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`,
  answers: undefined as BroadcastChannel | undefined,
  targets: new Map<string, { channel: BroadcastChannel; batch: Batch<Envelope>; users: number }>(),
  pending: new Map<number, (answer: Answer) => void>(),
  ids: 0,
};

function post(name: string, request: InProcessRequest): { id: number; answer: Promise<Answer> } {
  if (!thread.answers) {
    thread.answers = new BroadcastChannel(thread.reply);
    // Neither kind of channel keeps a process alive: a request waiting on one has its own timer.
    thread.answers.unref();
    thread.answers.onmessage = (event) => {
      for (const answer of JSON.parse((event as { data: string }).data) as Answer[]) {
        thread.pending.get(answer.id)?.(answer);
        thread.pending.delete(answer.id);
      }
    };
  }
  const target = thread.targets.get(name);
  if (!target) throw new Error(`no channel open to ${name}`);
  const id = ++thread.ids;
  const answer = new Promise<Answer>((resolve) => thread.pending.set(id, resolve));
  target.batch.push({ id, reply: thread.reply, request });
  return { id, answer };
}

/** A client's wire to one in-process target. */
export class InProcessWire {
  readonly #name: string;
  #open = false;

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
    let id: number | undefined;
    let answer: Promise<Answer>;
    if (handler) answer = handler(request).then((response) => ({ id: 0, response }));
    else {
      this.#use();
      ({ id, answer } = post(this.#name, request));
    }
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
      const got = await Promise.race([answer, late]);
      if ('error' in got)
        throw new TransportError(
          'KMSCT_ERR_CONNECTION',
          `${req.method} ${req.url.href} failed: ${got.error}`,
        );
      const size = Buffer.byteLength(got.response.text);
      answerRead(size);
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
      if (id !== undefined) thread.pending.delete(id);
    }
  }

  /** Opens this thread's channel to the target, shared with the thread's other wires to it. */
  #use(): void {
    if (this.#open) return;
    this.#open = true;
    const target = thread.targets.get(this.#name);
    if (target) target.users++;
    else {
      const channel = new BroadcastChannel(this.#name);
      channel.unref();
      thread.targets.set(this.#name, { channel, batch: new Batch<Envelope>(() => channel), users: 1 });
    }
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    const target = thread.targets.get(this.#name);
    if (target && --target.users === 0) {
      target.channel.close();
      thread.targets.delete(this.#name);
    }
  }
}
