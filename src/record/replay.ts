/**
 * A recording as a target (`kms-conformance serve --replay`): each request is matched to a recorded exchange of
 * the same operation and credentials class whose request, as a template (template.ts), it fits, preferring one
 * not answered yet and whose placeholders are bound consistently (the second create of one alias meets the
 * recorded refusal, the describe of a key meets that key's description). The recorded answer is sent with its
 * placeholders filled in: values the client sent, or values made now and kept for the rest of the session.
 * A request that fits nothing recorded, but names the same fields as a recorded one, is answered as that one
 * (another client's aliases: its own tests, a pact); anything else gets a 404 that names the closest case.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { classify } from '../catalogue/oracle.js';
import type { Edition } from '../catalogue/types.js';
import { authClassOf, type Credentials } from '../transport/capture.js';
import type { RecordedCase, RecordedExchange, Recording } from './format.js';
import { fillTemplate, matchTemplate } from './template.js';

export interface ReplayRequest {
  readonly method: string;
  /** The request target's path. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ReplayAnswer =
  | { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string }
  | { readonly drop: true };

interface Entry {
  readonly exchange: RecordedExchange;
  readonly kase: RecordedCase;
}

const longBody = 64 * 1024;
const targetMade = /^<(?:key-id|domain-id|request-id):\d+>$/;

export class Replayer {
  readonly #groups = new Map<string, Entry[]>();
  readonly #byOperation = new Map<string, Entry[]>();
  readonly #bound = new Map<string, string>();
  readonly #boundBack = new Map<string, string>();
  readonly #used = new Set<RecordedExchange>();
  #made = 0;

  readonly edition: Edition;

  constructor(
    recording: Recording,
    readonly own: Credentials & { readonly domainId: string },
  ) {
    this.edition = recording.edition;
    for (const kase of recording.cases)
      for (const exchange of kase.exchanges) {
        const entry = { exchange, kase };
        const key = `${exchange.operation} ${exchange.method} ${exchange.auth}`;
        this.#groups.set(key, [...(this.#groups.get(key) ?? []), entry]);
        this.#byOperation.set(exchange.operation, [
          ...(this.#byOperation.get(exchange.operation) ?? []),
          entry,
        ]);
      }
    this.#bind('<project-id>', own.projectId);
  }

  answer(req: ReplayRequest): ReplayAnswer {
    const url = new URL(req.path, 'http://replay.invalid');
    const operation = url.pathname.split('/').pop() ?? '';
    const auth = authClassOf({ method: req.method, url, headers: req.headers, body: req.body }, this.own);
    const body = bodyOf(req.body);
    const group = this.#groups.get(`${operation} ${req.method} ${auth}`) ?? [];
    const found = this.#exact(group, url.pathname, body) ?? this.#alike(group, url.pathname, body, operation);
    if (found === undefined) return this.#unmatched(operation, auth, body);
    for (const [name, value] of found.bindings) this.#bind(name, value);
    this.#used.add(found.entry.exchange);
    const x = found.entry.exchange;
    if (x.status === 0) return { drop: true };
    const response = fillTemplate(x.response, (name) => this.#valueOf(name));
    return {
      status: x.status,
      headers: { ...x.headers, 'x-request-id': randomBytes(16).toString('hex') },
      body: typeof response === 'string' ? response : JSON.stringify(response),
    };
  }

  /**
   * A recorded exchange the request fits: one not answered yet first, then any; of those, the most specific
   * (a bare `<alias:3>` fits any alias, `<alias:5><pad:x:256>` only one of 256 characters).
   */
  #exact(group: readonly Entry[], path: string, body: unknown) {
    for (const fresh of [true, false]) {
      let best: { entry: Entry; bindings: Map<string, string>; score: number } | undefined;
      for (const entry of group) {
        if (fresh && this.#used.has(entry.exchange)) continue;
        const score = specificity(entry.exchange.request);
        if (best !== undefined && score <= best.score) continue;
        const bindings = this.#fits(entry.exchange, path, body);
        if (bindings) best = { entry, bindings, score };
      }
      if (best) return best;
    }
    return undefined;
  }

  #fits(x: RecordedExchange, path: string, body: unknown): Map<string, string> | undefined {
    const onPath = matchTemplate(x.path, path, this.#bound);
    if (onPath === undefined) return undefined;
    const known = new Map([...this.#bound, ...onPath]);
    const inBody = longFits(x.request, body)
      ? new Map<string, string>()
      : matchTemplate(x.request, body, known);
    if (inBody === undefined) return undefined;
    const all = new Map([...onPath, ...inBody]);
    for (const [name, value] of all) {
      // A value the client sent that is bound to another placeholder is another key, another alias.
      const other = this.#boundBack.get(value);
      if (name !== '<date>' && other !== undefined && other !== name) return undefined;
      // What only the target makes (a key id, a domain id) a client can only send back: never a new value.
      if (targetMade.test(name) && this.#bound.get(name) !== value) return undefined;
      // An alias refused as taken (KMS.1104) was taken in this session first: a new alias is never that.
      if (x.code === 'KMS.1104' && name.startsWith('<alias:') && this.#bound.get(name) !== value)
        return undefined;
    }
    return all;
  }

  /**
   * No fit (another client's values): the recorded request that shares most of its fields and whose answer is
   * of the kind the spec expects for this body (a create the schema accepts meets a recorded 2xx, one it
   * refuses a 4xx), its values bound where they line up.
   */
  #alike(group: readonly Entry[], path: string, body: unknown, operation: string) {
    const fields = new Set(isObject(body) ? Object.keys(body) : []);
    const expect = operation === 'create-key' ? classify(body, this.edition).expect : 'either';
    const ok = (e: Entry) =>
      expect === 'either' || (expect === 'accept') === (e.exchange.status >= 200 && e.exchange.status < 300);
    const score = (e: Entry) => {
      const theirs = isObject(e.exchange.request) ? Object.keys(e.exchange.request) : [];
      const shared = theirs.filter((k) => fields.has(k)).length;
      // An answer of the right kind first (never one about the account's state: an alias taken, a quota; a
      // success where either answer is right); then fields shared, fields not shared against; unanswered first.
      const success = e.exchange.status >= 200 && e.exchange.status < 300;
      const state = e.exchange.code === 'KMS.1104' || e.exchange.code === 'KMS.1105';
      const kind = (ok(e) ? 1000 : 0) + (state ? -500 : 0) + (expect === 'either' && success ? 100 : 0);
      const unused = this.#used.has(e.exchange) ? 0 : 0.5;
      return kind + 10 * shared - (theirs.length - shared) - (fields.size - shared) + unused;
    };
    const entry = [...group].sort((a, b) => score(b) - score(a))[0];
    if (entry === undefined) return undefined;
    const bindings = new Map<string, string>(matchTemplate(entry.exchange.path, path, this.#bound) ?? []);
    if (isObject(entry.exchange.request) && isObject(body))
      for (const [k, t] of Object.entries(entry.exchange.request)) {
        const m = matchTemplate(t, body[k], this.#bound);
        for (const [name, value] of m ?? [])
          if (!this.#boundBack.has(value) && !targetMade.test(name)) bindings.set(name, value);
      }
    return { entry, bindings };
  }

  #unmatched(operation: string, auth: string, body: unknown): ReplayAnswer {
    const same = this.#byOperation.get(operation) ?? [];
    const fields = new Set(isObject(body) ? Object.keys(body) : []);
    const score = (e: Entry) =>
      (e.exchange.auth === auth ? 100 : 0) +
      (isObject(e.exchange.request)
        ? Object.keys(e.exchange.request).filter((k) => fields.has(k)).length
        : 0);
    const closest = [...same].sort((a, b) => score(b) - score(a))[0];
    const detail = {
      unmatched: `${operation} with credentials "${auth}" and fields ${JSON.stringify([...fields])}`,
      closest: closest
        ? `${closest.kase.requirement} ${closest.kase.case} (credentials "${closest.exchange.auth}", request ${JSON.stringify(closest.exchange.request).slice(0, 200)})`
        : `nothing: the recording has no ${operation}`,
    };
    return {
      status: 404,
      headers: { 'content-type': 'application/json;charset=UTF-8', 'x-kmsct-replay': 'unmatched' },
      body: JSON.stringify({ kmsct_replay: detail }),
    };
  }

  #bind(name: string, value: string): void {
    if (name === '<date>') return;
    this.#bound.set(name, value);
    this.#boundBack.set(value, name);
  }

  /** A placeholder's value: bound, or made now (and bound) as its kind would be. */
  #valueOf(name: string): string {
    if (name === '<date>') return String(Date.now());
    const bound = this.#bound.get(name);
    if (bound !== undefined) return bound;
    const kind = name.slice(1, name.indexOf(':'));
    const n = ++this.#made;
    const value =
      kind === 'key-id' || kind === 'sequence'
        ? randomUUID()
        : kind === 'domain-id'
          ? name === '<domain-id:1>'
            ? this.own.domainId
            : randomBytes(16).toString('hex')
          : kind === 'alias'
            ? `kmsct-replay-${n}`
            : kind === 'number'
              ? String(randomInt(10 ** 13, 10 ** 14 - 1))
              : randomBytes(16).toString('hex');
    this.#bind(name, value);
    return value;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bodyOf(text: string): unknown {
  if (text.length > longBody) return { '<long body>': { kib: Math.round(Buffer.byteLength(text) / 1024) } };
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Long bodies are recorded by their size: one of about the same size fits. */
function longFits(template: unknown, body: unknown): boolean {
  const t = (template as { '<long body>'?: { kib?: number } } | undefined)?.['<long body>']?.kib;
  const b = (body as { '<long body>'?: { kib?: number } } | undefined)?.['<long body>']?.kib;
  return t !== undefined && b !== undefined && Math.abs(t - b) <= 1;
}

const specificities = new WeakMap<object, number>();

/** How much of a template is fixed: its literal characters, a padded length counting whole. */
function specificity(template: unknown): number {
  if (typeof template === 'string') {
    const pad = /<pad:[a-z]:(\d+)>$/.exec(template);
    return template.replace(/<[^<>]+>/g, '').length + (pad ? Number(pad[1]) : 0);
  }
  if (typeof template !== 'object' || template === null) return String(template).length;
  const known = specificities.get(template);
  if (known !== undefined) return known;
  const score = Object.entries(template).reduce((n, [k, v]) => n + k.length + specificity(v), 0);
  specificities.set(template, score);
  return score;
}
