/**
 * The values of a run, as placeholders. A value is learnt from where it sits (a `key_id`, a `domain_id`, a
 * `key_alias` the run made, a `request_id`...) and then replaced wherever it appears, inside longer strings
 * too (a message that quotes an alias). Numbered placeholders are given in the order they are asked for, so the
 * caller walks a recording in a canonical order; the generic form (`<key-id>`) orders and matches exchanges
 * before numbers exist. Dates carry no number: two keys made in one millisecond is no fact about a target.
 */

export type Kind =
  | 'key-id'
  | 'domain-id'
  | 'alias'
  | 'sequence'
  | 'request-id'
  | 'project'
  | 'date'
  | 'number';

/** What a run knows of itself: the project it acts in, and the prefix of every alias it makes. */
export interface RunIdentity {
  readonly projectId: string;
  readonly aliasPrefix: string;
}

/** Aliases the tool makes that cannot carry the run prefix: decimal numbers of 14 (key phase) or 15 digits. */
const freshDigits = /^[78]\d{13,14}$/;
/** A word that may be a value of the run: its characters, at least six of them. */
const word = /[A-Za-z0-9][A-Za-z0-9_-]{5,}/g;
/** A value, then one character repeated to the end: an alias made longer. */
const padding = /^([\s\S]+?)([a-z])\2{7,}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidTail = /[0-9a-f]{0,8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{1,12}/gi;
const fields: Readonly<Record<string, Kind>> = {
  key_id: 'key-id',
  domain_id: 'domain-id',
  request_id: 'request-id',
  creation_date: 'date',
  scheduled_deletion_date: 'date',
};

export class Placeholders {
  readonly #kinds = new Map<string, Kind>();
  readonly #numbered = new Map<string, string>();
  readonly #next = new Map<Kind, number>();

  readonly #aliases: RegExp;

  constructor(readonly identity: RunIdentity) {
    // What the run adds to its prefix: the key phase's `k<n>`, a suite file's tag, a letter and a counter.
    this.#aliases = new RegExp(`${literal(identity.aliasPrefix)}-[0-9a-z]{0,4}[a-z]\\d+`, 'g');
    this.#learn('project', identity.projectId);
    this.#numbered.set(identity.projectId, '<project-id>');
  }

  /**
   * Learns the run's values from a body. What the target makes (key ids, domain ids, request ids, dates) is
   * learnt from answers only: a key id a request names that no answer gave (an absent key) is the client's.
   */
  learn(value: unknown, side: 'request' | 'answer', field?: string): void {
    // A fresh number the run sends where a string belongs ("a number whose decimal form is fresh").
    if (typeof value === 'number' && freshDigits.test(String(value))) this.#learn('number', String(value));
    if (typeof value === 'string') {
      const kind = field === undefined || side === 'request' ? undefined : fields[field];
      if (kind !== undefined) this.#learn(kind, value);
      else if (
        field === 'key_alias' &&
        (value.startsWith(this.identity.aliasPrefix) || freshDigits.test(value))
      )
        this.#learn('alias', value);
      else if (field === 'sequence' && uuid.test(value)) this.#learn('sequence', value);
      else if (field === 'keys[]' && side === 'answer') this.#learn('key-id', value);
      return;
    }
    if (Array.isArray(value))
      for (const v of value) this.learn(v, side, field === 'keys' ? 'keys[]' : undefined);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) this.learn(v, side, k);
  }

  /** A path's project: the run's own, or another (numbered). */
  learnProject(path: string): void {
    const project = path.split('/')[2];
    if (project !== undefined && project !== '') this.#learn('project', project);
  }

  /**
   * A string with every known value replaced, numbered placeholders or the generic ones; an alias of the run
   * (its prefix and what the run adds: a counter, a file tag) wherever it appears, even one a case wrapped in
   * other characters.
   */
  text(s: string, numbered: boolean): string {
    // An alias padded to a length (255, 256 characters): its length is the case's, the padding's is not.
    const padded = padding.exec(s);
    if (padded?.[1]?.startsWith(this.identity.aliasPrefix) && this.#aliasWhole(padded[1]))
      return `${this.text(padded[1], numbered)}<pad:${padded[2]}:${[...s].length}>`;
    const aliased = s.includes(this.identity.aliasPrefix)
      ? s.replace(this.#aliases, (token) => {
          this.#learn('alias', token);
          return this.#placeholder(token, numbered);
        })
      : s;
    // Every other value of the run is a word of its own (a key id, a date, a request id): looked up, not searched.
    const known = aliased.replace(word, (w) => (this.#kinds.has(w) ? this.#placeholder(w, numbered) : w));
    // What is left of a random UUID (a fresh sequence, whole, wrapped, or its first characters replaced).
    return known.replace(uuidTail, (token) => {
      this.#learn('sequence', token);
      return this.#placeholder(token, numbered);
    });
  }

  /**
   * Numbers the values in `s` now. Where a value is born (the alias a create sends, the key id it answers) is
   * numbered first, so that its number does not depend on where else it shows (a page of list-keys, in the
   * order the target made its keys).
   */
  claim(s: string): void {
    this.text(s, true);
  }

  /** Any JSON value, strings replaced as by text(). */
  json(value: unknown, numbered: boolean): unknown {
    if (typeof value === 'string') return this.text(value, numbered);
    if (typeof value === 'number' && this.#kinds.get(String(value)) === 'number')
      return this.#placeholder(String(value), numbered);
    if (Array.isArray(value)) return value.map((v) => this.json(v, numbered));
    if (
      typeof value === 'object' &&
      value !== null &&
      Array.isArray((value as { key_details?: unknown }).key_details)
    )
      return this.#page(value as Record<string, unknown>, numbered);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.json(v, numbered)]));
    return value;
  }

  /** A page of list-keys, its keys in one order whatever order the target made them in. */
  #page(page: Record<string, unknown>, numbered: boolean): unknown {
    const sorted = (list: unknown) =>
      Array.isArray(list)
        ? list
            .map((v) => this.json(v, numbered))
            .map((v) => ({ v, key: JSON.stringify(v) }))
            .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
            .map(({ v }) => v)
        : this.json(list, numbered);
    return Object.fromEntries(
      Object.entries(page).map(([k, v]) => [
        k,
        k === 'keys' || k === 'key_details' ? sorted(v) : this.json(v, numbered),
      ]),
    );
  }

  #aliasWhole(token: string): boolean {
    this.#aliases.lastIndex = 0;
    const m = this.#aliases.exec(token);
    this.#aliases.lastIndex = 0;
    return m?.index === 0 && m[0].length === token.length;
  }

  #learn(kind: Kind, value: string): void {
    // Short values would match inside ordinary words: they are no run's values.
    if (value.length < 6 || this.#kinds.has(value)) return;
    this.#kinds.set(value, kind);
  }

  #placeholder(value: string, numbered: boolean): string {
    const kind = this.#kinds.get(value) ?? 'alias';
    if (kind === 'date') return '<date>';
    if (!numbered)
      return kind === 'project' && value === this.identity.projectId ? '<project-id>' : `<${kind}>`;
    let name = this.#numbered.get(value);
    if (name === undefined) {
      const n = (this.#next.get(kind) ?? 0) + 1;
      this.#next.set(kind, n);
      name = `<${kind}:${n}>`;
      this.#numbered.set(value, name);
    }
    return name;
  }
}

const literal = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
