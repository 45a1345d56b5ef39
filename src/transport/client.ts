import { AnswerTally } from './answer-tally.js';
import { authHeaders } from './auth-headers.js';
import { authClassOf, type CaptureOptions, capturedBody, currentCase } from './capture.js';
import { excerpt, toCurl } from './curl.js';
import { TransportError } from './errors.js';
import type { Exchange, RecordedRequest } from './exchange.js';
import { environmentOf } from './gateway.js';
import { looseGuard, type RunGuard } from './guard.js';
import { HttpWire, type RawResponse, type Wire } from './http.js';
import { InProcessWire, inProcessScheme } from './in-process.js';
import { depthOf, maxJsonDepth } from './json-depth.js';
import { Redactor } from './redact.js';
import { backoffMs, retryAfterMs, type Throttle, throttleFor } from './throttle.js';

export type { Exchange, RecordedRequest } from './exchange.js';

export type Auth =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'aksk'; readonly ak: string; readonly sk: string }
  | { readonly kind: 'none' };

export interface ClientOptions {
  readonly baseUrl: string;
  readonly projectId: string;
  readonly auth: Auth;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** PEM text of extra certificate authorities. */
  readonly ca?: string;
  readonly insecure?: boolean;
  /** Requests per second; 0 or absent means no pacing. */
  readonly rate?: number;
  /** How often a 429 is retried (after its Retry-After, or a backoff) before the request ends as throttled. */
  readonly maxRetries?: number;
  readonly connections?: number;
  /** The run's limits (deadline, retry budget, silence); one per process, shared by its clients. */
  readonly guard?: RunGuard;
  /** Every secret of the run, so that a client with other credentials still redacts them all. */
  readonly secrets?: readonly (string | undefined)[];
  /** A recording of the run: every exchange goes there too (src/transport/capture.ts). */
  readonly capture?: CaptureOptions;
}

export interface CallOptions {
  /** Body text sent as is (malformed JSON, padding); otherwise JSON.stringify(body). */
  readonly rawBody?: string;
  readonly auth?: Auth;
  readonly projectId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly method?: string;
  /** Change the body after signing: proves a server checks the body hash. */
  readonly tamperBody?: (signed: string) => string;
  readonly signingDate?: Date;
  /** Sign for this Host but send to the real one: proves a server checks the signed host. */
  readonly signingHost?: string;
  /** Change the Authorization header after signing: proves a server checks every part of it. */
  readonly tamperAuthorization?: (header: string) => string;
  /** Sign for this project (X-Project-Id) while the URL names the run's own. */
  readonly signedProjectId?: string;
}

const defaults = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRetries: 6, connections: 16 };
/** What a client keeps of past exchanges (for evidence): the last few, their bodies cut to an excerpt. */
const kept = { exchanges: 64 };
/** Sends and answers of this process, counted together: the order of a recording's exchanges. */
let ticks = 0;

/** The KMS API over undici: authentication, pacing, 429 retries, limits, and a redacted record of every exchange. */
export class KmsClient {
  readonly #options: ClientOptions;
  readonly #wire: Wire;
  readonly #redactor: Redactor;
  readonly #exchanges: Exchange[] = [];
  readonly #guard: RunGuard;
  readonly #throttle: Throttle;
  /** Statuses and codes the answers showed, counted (the coverage report's). */
  readonly tally = new AnswerTally();
  #ids = 0;
  #attempts = 0;
  #retried = 0;

  constructor(options: ClientOptions) {
    this.#options = options;
    const own =
      options.auth.kind === 'token'
        ? [options.auth.token]
        : options.auth.kind === 'aksk'
          ? [options.auth.sk]
          : [];
    this.#redactor = new Redactor([...own, ...(options.secrets ?? [])]);
    this.#guard = options.guard ?? looseGuard();
    this.#throttle = throttleFor(options.baseUrl, options.rate ?? 0);
    this.#wire =
      new URL(options.baseUrl).protocol === inProcessScheme
        ? inProcess(new URL(options.baseUrl))
        : new HttpWire({
            connections: options.connections ?? defaults.connections,
            ...(options.ca !== undefined && { ca: options.ca }),
            insecure: options.insecure === true,
          });
  }

  get redactor(): Redactor {
    return this.#redactor;
  }

  get projectId(): string {
    return this.#options.projectId;
  }

  /** The last exchanges, redacted and cut to excerpts, in the order they finished (see `kept`). */
  exchanges(): readonly Exchange[] {
    return this.#exchanges;
  }

  /** Requests sent, every attempt counted: retries, and requests that got no answer. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Of those, the retries of a 429. */
  get retried(): number {
    return this.#retried;
  }

  url(operation: string, projectId = this.#options.projectId): URL {
    const base = this.#options.baseUrl.endsWith('/') ? this.#options.baseUrl : `${this.#options.baseUrl}/`;
    return new URL(`v1.0/${projectId}/kms/${operation}`, base);
  }

  async call(operation: string, body: unknown, options: CallOptions = {}): Promise<Exchange> {
    const url = this.url(operation, options.projectId);
    const method = options.method ?? 'POST';
    const bodyText = options.rawBody ?? JSON.stringify(body);
    const headers = authHeaders(
      options.auth ?? this.#options.auth,
      method,
      url,
      bodyText,
      options,
      this.#options.projectId,
    );
    if (options.signingHost !== undefined) delete headers.host;
    const sent = options.tamperBody ? options.tamperBody(bodyText) : bodyText;
    const sentTick = ++ticks;
    const started = performance.now();
    const retries: { status: number; waitMs: number }[] = [];
    const capture = (
      status: number,
      answer?: { headers: Record<string, string>; text: string },
      error?: string,
    ) =>
      this.#capture({
        operation,
        method,
        url,
        headers,
        sent,
        sentTick,
        status,
        ...(answer && { answer }),
        ...(error !== undefined && { error }),
      });
    const unanswered = (error: TransportError) => {
      const e = this.#redactor.error(error);
      e.request = this.#recorded(method, url, headers, sent);
      capture(0, undefined, e.message);
      return e;
    };
    let response: RawResponse;
    let notBefore = 0;
    for (;;) {
      this.#guard.check();
      const sentAt = await this.#throttle.pace(notBefore);
      this.#attempts++;
      try {
        response = await this.#wire.send({ url, method, headers, body: sent }, this.#limits());
        this.#guard.answered();
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (error.silent) this.#guard.silent(error.message);
        throw unanswered(error);
      }
      const environment = environmentOf(response);
      if (environment === undefined) {
        this.#throttle.answered();
        break;
      }
      if (environment.kind === 'gateway') throw unanswered(environment.error);
      const retryAfter = retryAfterMs(response.headers['retry-after']);
      const waitMs = retryAfter ?? backoffMs(retries.length);
      const wait =
        retries.length < (this.#options.maxRetries ?? defaults.maxRetries)
          ? this.#guard.retryWait(waitMs, {
              retryAfter: retryAfter !== undefined,
              chargeMs: this.#throttle.growth(waitMs),
            })
          : undefined;
      if (wait === undefined)
        throw unanswered(
          new TransportError(
            'KMSCT_ERR_THROTTLED',
            `the target answered 429${environment.code ? ` ${environment.code}` : ''}: ${this.#guard.stopped ?? `still after ${retries.length} retries (Retry-After ${JSON.stringify(response.headers['retry-after'] ?? '')})`}; a throttled target is not judged`,
          ),
        );
      // The wait is made in pace(), where a Retry-After holds every request to the target.
      this.#throttle.throttled(sentAt, wait, retryAfter !== undefined);
      notBefore = performance.now() + wait;
      retries.push({ status: 429, waitMs: wait });
      this.#retried++;
    }
    const text = this.#redactor.text(response.text);
    capture(response.status, { headers: response.headers, text });
    const exchange: Exchange = {
      id: ++this.#ids,
      operation,
      request: this.#recorded(method, url, headers, sent),
      status: response.status,
      headers: this.#redactor.headers(response.headers),
      text,
      json: parseJson(text),
      durationMs: Math.round(performance.now() - started),
      retries,
    };
    this.tally.count(operation, exchange.status, exchange.json);
    // What is kept is an excerpt without the parsed body: memory stays bounded whatever the answers.
    const keptBody = excerpt(exchange.request.body);
    this.#exchanges.push({
      ...exchange,
      request: { ...exchange.request, body: keptBody },
      ...(keptBody !== exchange.request.body && { curl: toCurl(exchange.request) }),
      text: excerpt(text),
      json: undefined,
    });
    if (this.#exchanges.length > kept.exchanges) this.#exchanges.shift();
    return exchange;
  }

  close(): Promise<void> {
    return this.#wire.close();
  }

  /** Closes at once, requests in flight included; safe to call more than once. */
  destroy(): Promise<void> {
    return this.#wire.destroy();
  }

  /** An exchange for the run's recording, if there is one: credentials as a class, everything redacted. */
  #capture(x: {
    operation: string;
    method: string;
    url: URL;
    headers: Record<string, string>;
    sent: string;
    sentTick: number;
    status: number;
    answer?: { headers: Record<string, string>; text: string };
    error?: string;
  }): void {
    const c = this.#options.capture;
    if (c === undefined) return;
    const lower = Object.fromEntries(Object.entries(x.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const tag = currentCase();
    c.write({
      ...(tag && { tag }),
      seq: ++ticks,
      sentTick: x.sentTick,
      operation: x.operation,
      method: x.method,
      path: this.#redactor.text(x.url.pathname),
      auth: authClassOf({ method: x.method, url: x.url, headers: lower, body: x.sent }, c.own),
      request: capturedBody(this.#redactor.text(x.sent)),
      status: x.status,
      headers: x.answer ? this.#redactor.headers(x.answer.headers) : {},
      response: capturedBody(x.answer?.text ?? ''),
      ...(x.error !== undefined && { error: x.error }),
    });
  }

  #recorded(method: string, url: URL, headers: Record<string, string>, body: string): RecordedRequest {
    return {
      method,
      url: this.#redactor.text(url.toString()),
      headers: this.#redactor.headers(headers),
      body: this.#redactor.text(body),
    };
  }

  #limits() {
    return {
      timeoutMs: this.#options.timeoutMs ?? defaults.timeoutMs,
      maxResponseBytes: this.#options.maxResponseBytes ?? defaults.maxResponseBytes,
    };
  }
}

/** The in-process wire as a Wire: nothing in flight outlives its own timer, so closing is immediate. */
function inProcess(url: URL): Wire {
  const wire = new InProcessWire(url);
  const close = async () => wire.close();
  return { send: (req, limits) => wire.send(req, limits), close, destroy: close };
}

function parseJson(text: string): unknown {
  if (text === '' || depthOf(text) > maxJsonDepth) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
