/**
 * The derivation layer: walks the request schema of an edition and, for every keyword of every field, emits
 * boundary-valid and just-invalid values. Each case is classified by the oracle (src/catalogue/oracle.ts), which
 * tags it with the requirements and levels it exercises; nothing here names a requirement. Pure: fresh values
 * come from the caller.
 */
import { laterKeySpecs, otherVocabularies } from '../catalogue/known-values.js';
import { type Classification, classify } from '../catalogue/oracle.js';
import { type RequestField, requestFields } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import { combinedDrafts, echoDrafts } from './combined.js';
import { charFamilies, charProbes, codePoints, homoglyphs, type Position } from './probes.js';

export type DerivationFamily =
  | 'type'
  | 'null'
  | 'value'
  | 'pattern'
  | 'not'
  | 'enum'
  | 'length'
  | 'required'
  | 'cell'
  | 'body'
  | 'combined'
  | 'echo';
/** Values unique to the run and the case, so "already exists" can never stand in for the rule under test. */
export interface Fresh {
  /** A valid alias that starts with the run prefix. */
  alias(): string;
  /** Digits only: a valid alias, and the decimal form of a safe integer. */
  digits(): string;
  /** A 36-byte sequence. */
  sequence(): string;
}

/** The fields a case sets; `undefined` leaves a field out. `attempt` asks for another candidate of a fixed value. */
export type Patch = Readonly<Record<string, unknown>>;

export interface DerivedCase {
  /** Stable within an edition: `<field> <family>: <label>`. */
  readonly key: string;
  readonly family: DerivationFamily;
  readonly field: string;
  readonly label: string;
  readonly classification: Classification;
  /** Fields around the case so that only the rule under test decides (an RSA key for usage values). */
  readonly context: Patch;
  /** The fields the case sets, freshly built. */
  patch(fresh: Fresh, attempt?: number): Patch;
  /** True when the value cannot carry the run prefix (a 1-character alias, the bare "default"). */
  readonly fixed?: boolean;
  /** Body text sent as is, for bodies that are not objects. */
  raw?(fresh: Fresh): string;
}

/** The body of a case: a fresh alias, the context, the patch; fields patched to undefined are left out. */
export function bodyOf(c: DerivedCase, fresh: Fresh, attempt = 0): Record<string, unknown> {
  const body: Record<string, unknown> = {
    key_alias: fresh.alias(),
    ...c.context,
    ...c.patch(fresh, attempt),
  };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return body;
}

const sample: Fresh = {
  alias: () => 'kmsct-derive-0',
  digits: () => '7000000000001',
  sequence: () => '919c82d4-8046-4722-9094-35c3c6524cff',
};

export interface Draft {
  readonly family: DerivationFamily;
  readonly label: string;
  readonly patch: (fresh: Fresh, attempt: number) => Patch;
  readonly fixed?: boolean;
  readonly raw?: (fresh: Fresh) => string;
}

/** Every derived case of an edition, deterministic in order and content (up to fresh values). */
const derived = new Map<Edition, readonly DerivedCase[]>();

/** Pure: derived once per edition and process. */
export function deriveCases(edition: Edition): readonly DerivedCase[] {
  const cases = derived.get(edition) ?? deriveAll(edition);
  derived.set(edition, cases);
  return cases;
}

function deriveAll(edition: Edition): readonly DerivedCase[] {
  const fields = requestFields(edition);
  const cases: DerivedCase[] = [];
  const seen = new Set<string>();
  const emit = (field: string, context: Patch, d: Draft) => {
    const key = `${field} ${d.family}: ${d.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    const body =
      d.raw !== undefined
        ? parseRaw(d.raw(sample))
        : bodyOf({ context, patch: d.patch } as DerivedCase, sample);
    cases.push({
      key,
      family: d.family,
      field,
      label: d.label,
      classification: classify(body, edition),
      context,
      patch: (fresh, attempt = 0) => d.patch(fresh, attempt),
      ...(d.fixed && { fixed: true }),
      ...(d.raw !== undefined && { raw: d.raw }),
    });
  };
  for (const field of fields) {
    const context = contextFor(field, edition);
    for (const d of fieldDrafts(field)) emit(field.name, context, d);
  }
  for (const d of cellDrafts(fields)) emit('(cell)', {}, d);
  // additionalProperties: a property no edition documents.
  emit('(body)', {}, { family: 'value', label: 'an unknown field', patch: set('kmsct_unknown_field', 'x') });
  for (const d of bodyDrafts()) emit('(body)', {}, d);
  return cases;
}

function parseRaw(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const set = (field: string, value: unknown) => () => ({ [field]: value });

/** A value of the field that the oracle accepts, built fresh where the field needs it. */
function validValue(field: RequestField, fresh: Fresh): unknown {
  if (field.name === 'key_alias') return fresh.alias();
  if (Array.isArray(field.schema.enum)) return field.schema.enum.at(-1);
  if (field.schema.pattern !== undefined) return fresh.sequence();
  return '0';
}

/**
 * The smallest context in which a valid value of the field is accepted: a coerced wrong type then yields an
 * acceptable body, so only the type rule can be the reason to refuse it.
 */
function contextFor(field: RequestField, edition: Edition): Patch {
  // An asymmetric key accepts every documented usage; that is the only other context a field needs.
  for (const context of [{}, { key_spec: 'RSA_2048' }]) {
    const value = validValue(field, sample);
    if (classify({ key_alias: sample.alias(), ...context, [field.name]: value }, edition).expect === 'accept')
      return context;
  }
  return {};
}

function fieldDrafts(field: RequestField): Draft[] {
  const s = field.schema;
  const drafts: Draft[] = [...typeDrafts(field), nullDraft(field)];
  // A free string (no enum, pattern or length): its plain value is all there is to observe.
  if (!Array.isArray(s.enum) && s.pattern === undefined && s.maxLength === undefined)
    drafts.push({ family: 'value', label: 'the string "0"', patch: set(field.name, '0') });
  if (typeof s.pattern === 'string') drafts.push(...patternDrafts(field));
  if (typeof s.not === 'object' && s.not !== null)
    drafts.push(...notDrafts(field, s.not as Record<string, unknown>));
  if (Array.isArray(s.enum)) drafts.push(...enumDrafts(field, s.enum as string[]));
  if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') drafts.push(...lengthDrafts(field));
  if (field.required) drafts.push(...requiredDrafts(field));
  drafts.push(...combinedDrafts(field), ...echoDrafts(field));
  return drafts;
}

/** `type`: every other JSON type, including values a coercing server would turn into a fresh valid one. */
function typeDrafts(field: RequestField): Draft[] {
  const f = field.name;
  return [
    {
      family: 'type',
      label: 'a number whose decimal form is fresh',
      patch: (fr) => ({ [f]: Number(fr.digits()) }),
    },
    { family: 'type', label: 'true', patch: set(f, true) },
    {
      family: 'type',
      label: 'an array holding one valid value',
      patch: (fr) => ({ [f]: [validValue(field, fr)] }),
    },
    {
      family: 'type',
      label: 'an object holding a valid value',
      patch: (fr) => ({ [f]: { value: validValue(field, fr) } }),
    },
  ];
}

function nullDraft(field: RequestField): Draft {
  return { family: 'null', label: 'null', patch: set(field.name, null) };
}

/** Patterns of the form ^[class]{m,n}$: the class and its bounds. */
function parsePattern(pattern: string): { allowed: RegExp; min: number; max: number } | undefined {
  const m = /^\^\[(.+)\]\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern);
  if (!m?.[1] || !m[2]) return undefined;
  return { allowed: new RegExp(`^[${m[1]}]$`, 'u'), min: Number(m[2]), max: Number(m[3] ?? m[2]) };
}

const place = (position: Position, base: string, text: string) =>
  position === 'start'
    ? `${text}${base}`
    : position === 'middle'
      ? `${base}${text}x`
      : position === 'end'
        ? `${base}${text}`
        : text;

/** `pattern`: each forbidden character at the start, the middle, the end and alone; the length bounds. */
function patternDrafts(field: RequestField): Draft[] {
  const parsed = parsePattern(String(field.schema.pattern));
  if (!parsed) return [];
  const f = field.name;
  const forbidden = charProbes.filter((p) => [...p.text].some((ch) => !parsed.allowed.test(ch)));
  if (parsed.min === parsed.max) {
    // A fixed-length value (sequence): the probe replaces a character, so only the class decides; and n±1.
    const n = parsed.min;
    const fitted = (fr: Fresh) => fr.sequence().padEnd(n, '0').slice(0, n);
    return [
      { family: 'pattern', label: `${n} allowed characters`, patch: (fr) => ({ [f]: fitted(fr) }) },
      ...forbidden
        .filter((p) => p.positions.includes('alone'))
        .slice(0, 3)
        .map((p) => ({
          family: 'pattern' as const,
          label: `${n} characters with a ${p.label}`,
          patch: (fr: Fresh) => ({ [f]: `${p.text}${fitted(fr).slice([...p.text].length)}` }),
        })),
      {
        family: 'pattern',
        label: `${n - 1} characters`,
        patch: (fr) => ({ [f]: fitted(fr).slice(0, n - 1) }),
      },
      { family: 'pattern', label: `${n + 1} characters`, patch: (fr) => ({ [f]: `${fitted(fr)}0` }) },
    ];
  }
  const every = classRepresentatives(String(field.schema.pattern));
  const accepted: Draft = {
    family: 'pattern',
    label: `every character class (${every})`,
    patch: (fr) => ({ [f]: `${fr.alias()}${every}` }),
  };
  return [
    accepted,
    ...forbidden.flatMap((p) =>
      p.positions.map((position) => ({
        family: 'pattern' as const,
        label: `a ${p.label} ${position === 'alone' ? 'alone' : `at the ${position}`}`,
        patch: (fr: Fresh) => ({ [f]: place(position, fr.alias(), p.text) }),
      })),
    ),
  ];
}

/** One character of each range and each single character of a pattern's class: "a-zA-Z0-9:/_-" → "aA0:/_-". */
function classRepresentatives(pattern: string): string {
  const body = /\[(.+?)\]/.exec(pattern)?.[1] ?? '';
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (body[i + 1] === '-' && i + 2 < body.length) {
      out += ch;
      i += 2;
    } else out += ch === '\\' ? (body[++i] ?? '') : ch;
  }
  return out;
}

/** `not` with a suffix pattern (/default$): the suffix in its forms, and lookalikes that only resemble it. */
function notDrafts(field: RequestField, not: Record<string, unknown>): Draft[] {
  const suffix = /^(.*)\$$/.exec(String(not.pattern ?? ''))?.[1];
  if (!suffix) return [];
  const f = field.name;
  const bare = suffix.replace(/^\W/, '');
  const separator = suffix.slice(0, suffix.length - bare.length);
  const draft = (label: string, value: (fr: Fresh, attempt: number) => string, fixed = false): Draft => ({
    family: 'not',
    label,
    patch: (fr, attempt) => ({ [f]: value(fr, attempt) }),
    ...(fixed && { fixed }),
  });
  return [
    draft(`${suffix} alone`, () => suffix),
    draft(`<fresh>${suffix}`, (fr) => `${fr.alias()}${suffix}`),
    draft(`<fresh>/x${suffix}`, (fr) => `${fr.alias()}/x${suffix}`),
    ...['space', 'LF', 'CRLF', 'tab', 'U+2028 line separator'].map((label) => {
      const probe = charProbes.find((p) => p.label === label)?.text ?? ' ';
      return draft(`<fresh>${suffix} then a ${label}`, (fr) => `${fr.alias()}${suffix}${probe}`);
    }),
    // Lookalikes: a server that matches too much refuses them.
    draft(`<fresh>${suffix}s`, (fr) => `${fr.alias()}${suffix}s`),
    draft(`<fresh>${suffix}/y`, (fr) => `${fr.alias()}${suffix}/y`),
    draft(`<fresh>_${bare}`, (fr) => `${fr.alias()}_${bare}`),
    draft(`${bare}${separator}<fresh>`, (fr) => `${bare}${separator}${fr.alias()}`),
    draft(`<fresh>${suffix.toUpperCase()}`, (fr) => `${fr.alias()}${suffix.toUpperCase()}`),
    draft(`${bare} alone`, (_fr, attempt) => caseVariant(bare, attempt), true),
  ];
}

/** The attempt-th case variant of a word: "default", "Default", "dEfault", ... */
function caseVariant(word: string, attempt: number): string {
  return [...word].map((ch, i) => ((attempt >> i) & 1 ? ch.toUpperCase() : ch)).join('');
}

/** `enum`: case changes, whitespace, other separators, lookalike letters, siblings, the empty string. */
function enumDrafts(field: RequestField, values: readonly string[]): Draft[] {
  const f = field.name;
  const variants = new Map<string, string>();
  for (const v of values) {
    const title = v.charAt(0) + v.slice(1).toLowerCase();
    const disguised = [...v].findIndex((ch) => homoglyphs[ch] !== undefined);
    const options: [string, string][] = [
      [`${v} in lower case`, v.toLowerCase()],
      [`${v} in upper case`, v.toUpperCase()],
      [`${v} capitalised`, title],
      [`${v} with a leading space`, ` ${v}`],
      [`${v} with a trailing space`, `${v} `],
      [`${v} with a leading tab`, `\t${v}`],
      [`${v} with a trailing LF`, `${v}\n`],
    ];
    if (v.includes('_'))
      options.push(
        [`${v} with - for _`, v.replaceAll('_', '-')],
        [`${v} with a space for _`, v.replaceAll('_', ' ')],
        [`${v} without _`, v.replaceAll('_', '')],
      );
    if (disguised >= 0)
      options.push([
        `${v} with a lookalike letter`,
        `${v.slice(0, disguised)}${homoglyphs[v[disguised] ?? ''] ?? ''}${v.slice(disguised + 1)}`,
      ]);
    for (const [label, value] of options) if (!values.includes(value)) variants.set(label, value);
  }
  // The same concept in other vocabularies: refused unless this API (or a later SDK of it) has the value.
  const taken = new Set([...values, ...variants.values()]);
  for (const { source, field, values: names } of otherVocabularies)
    for (const name of names)
      if (field === f && !taken.has(name) && !laterKeySpecs.includes(name)) {
        taken.add(name);
        variants.set(`${name} (${source})`, name);
      }
  if (f === 'key_spec') for (const s of laterKeySpecs) variants.set(`${s} (a later SDK's key spec)`, s);
  variants.set('the empty string', '');
  return [...variants].map(([label, value]) => ({ family: 'enum', label, patch: set(f, value) }));
}

/** `minLength`/`maxLength`: n−1, n, n+1 in code points; fields that allow any character in every family. */
function lengthDrafts(field: RequestField): Draft[] {
  const f = field.name;
  const min = typeof field.schema.minLength === 'number' ? field.schema.minLength : undefined;
  const max = typeof field.schema.maxLength === 'number' ? field.schema.maxLength : undefined;
  const drafts: Draft[] = [];
  const restricted = typeof field.schema.pattern === 'string';
  if (restricted) {
    // Allowed characters only; the value keeps the run prefix where it is long enough to carry it.
    const sized = (n: number) => (fr: Fresh) => ({ [f]: fr.alias().padEnd(n, 'x').slice(0, Math.max(n, 0)) });
    const short = (n: number) => (_fr: Fresh, attempt: number) => ({ [f]: shortValue(n, attempt) });
    if (min !== undefined) {
      if (min > 0) drafts.push({ family: 'length', label: `${min - 1} characters`, patch: short(min - 1) });
      drafts.push({ family: 'length', label: `${min} characters`, patch: short(min), fixed: true });
      drafts.push({ family: 'length', label: `${min + 1} characters`, patch: short(min + 1), fixed: true });
    }
    if (max !== undefined)
      for (const n of [max - 1, max, max + 1])
        drafts.push({ family: 'length', label: `${n} characters`, patch: sized(n) });
    return drafts;
  }
  if (min !== undefined)
    drafts.push({ family: 'length', label: `${min} characters`, patch: set(f, codePoints('d', min)) });
  if (max !== undefined) {
    drafts.push({
      family: 'length',
      label: `${max - 1} ASCII characters`,
      patch: set(f, codePoints('d', max - 1)),
    });
    for (const family of charFamilies)
      for (const n of [max, max + 1])
        drafts.push({
          family: 'length',
          label: `${n} ${family.label}`,
          patch: set(f, codePoints(family.unit, n)),
        });
  }
  return drafts;
}

const shortAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The attempt-th string of n allowed characters: a value too short to carry the run prefix. */
function shortValue(n: number, attempt: number): string {
  let out = '';
  let rest = attempt;
  for (let i = 0; i < n; i++) {
    out += shortAlphabet[rest % shortAlphabet.length];
    rest = Math.floor(rest / shortAlphabet.length);
  }
  return out;
}

function requiredDrafts(field: RequestField): Draft[] {
  const f = field.name;
  return [
    { family: 'required', label: `${f} left out`, patch: set(f, undefined) },
    {
      family: 'required',
      label: `${f} left out, key_spec given`,
      patch: () => ({ [f]: undefined, key_spec: 'AES_256' }),
    },
  ];
}

/** The cross-field rules: every combination of the enumerated fields, each present or left out. */
function cellDrafts(fields: readonly RequestField[]): Draft[] {
  const enumerated = fields.filter((f) => Array.isArray(f.schema.enum));
  let cells: Record<string, string>[] = [{}];
  for (const f of enumerated)
    cells = cells.flatMap((cell) => [
      cell,
      ...(f.schema.enum as string[]).map((v) => ({ ...cell, [f.name]: v })),
    ]);
  return cells.map((cell) => ({
    family: 'cell',
    label: Object.keys(cell).length
      ? Object.entries(cell)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : 'nothing but key_alias',
    patch: () => cell,
  }));
}

/** The body's own type: JSON that is not an object, including an array holding a valid body. */
function bodyDrafts(): Draft[] {
  const fixed = ['null', '[]', '"test"', '42', 'true'].map(
    (text): Draft => ({ family: 'body', label: `the body ${text}`, patch: () => ({}), raw: () => text }),
  );
  return [
    ...fixed,
    {
      family: 'body',
      label: 'an array holding a valid body',
      patch: () => ({}),
      raw: (fr) => JSON.stringify([{ key_alias: fr.alias() }]),
    },
  ];
}
