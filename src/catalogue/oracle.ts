/**
 * The schema as oracle: what a conformant target must do with any create-key body. ajv validates the body
 * against the edition's request schema; each error is traced to the requirement bound to its field and
 * keyword (the catalogue's `binds`), and the readings create-key.md §7 leaves open make either answer right.
 */

import type { ErrorObject } from 'ajv/dist/2020.js';
import { KmsctError } from '../errors.js';
import { boundTo, requirement } from './index.js';
import { laterKeySpecs } from './known-values.js';
import { createKeyParts, openReadings, requestFields } from './schemas.js';
import type { Edition, Level } from './types.js';

export type Expectation = 'accept' | 'refuse' | 'either';

export interface RuleRef {
  readonly id: string;
  readonly level: Level;
}

export interface Classification {
  /** accept: 200; refuse: a documented 4xx with the envelope; either: one or the other (an open reading). */
  readonly expect: Expectation;
  /** refuse: the rules the body breaks; either: the open readings; accept: readings that raise or lower the bar. */
  readonly rules: readonly RuleRef[];
  /** How strongly the expectation holds: the strongest level among the rules, MUST for a plain valid body. */
  readonly level: Level;
}

const rank: Record<Level, number> = { MAY: 0, SHOULD: 1, MUST: 2 };
export const strongest = (rules: readonly RuleRef[], fallback: Level): Level =>
  rules.reduce<Level>((a, r) => (rank[r.level] > rank[a] ? r.level : a), rules.length ? 'MAY' : fallback);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where an ajv error points: a field and keyword, or the body itself. */
function located(e: ErrorObject): { field: string; keyword: string; property?: string } {
  if (e.keyword === 'required')
    return { field: '(body)', keyword: 'required', property: String(e.params.missingProperty) };
  if (e.keyword === 'additionalProperties')
    return {
      field: '(body)',
      keyword: 'additionalProperties',
      property: String(e.params.additionalProperty),
    };
  const field = e.instancePath.split('/')[1];
  return field === undefined ? { field: '(body)', keyword: e.keyword } : { field, keyword: e.keyword };
}

/** The requirements bound to one side of a keyword in this edition, with their levels. */
export function rulesFor(
  edition: Edition,
  field: string,
  keyword: string,
  side: 'accept' | 'refuse',
  reading?: 'code-points',
  value?: unknown,
): RuleRef[] {
  const bound = boundTo(field, keyword, side, reading, value).flatMap((r) => {
    const level = r.levels[edition];
    return level ? [{ id: r.id, level }] : [];
  });
  if (bound.length === 0 && side === 'refuse')
    throw new KmsctError(
      'KMSCT_ERR_CATALOGUE',
      `no requirement binds ${field} ${keyword} (${side}) in the ${edition} edition`,
    );
  return bound;
}

const levelled = (id: string, edition: Edition): RuleRef => ({
  id,
  level: requirement(id).levels[edition] ?? 'MAY',
});

const unique = (rules: readonly RuleRef[]) => [...new Map(rules.map((r) => [r.id, r])).values()];

/** The answer a conformant target gives to `body` under `edition`, and the requirements that say so. */
export function classify(body: unknown, edition: Edition): Classification {
  if (!isObject(body)) {
    const rules = rulesFor(edition, '(body)', 'type', 'refuse');
    return { expect: 'refuse', rules, level: strongest(rules, 'MUST') };
  }
  const fields = new Map(requestFields(edition).map((f) => [f.name, f]));
  const parts = createKeyParts[edition];
  parts.fields(body);
  const errors = (parts.fields.errors ?? []).map(located);
  // A wrong type says everything about a field: its other keywords' errors follow from it.
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.field));
  const lengthOnly = (e: { field: string; keyword: string }) => {
    const schema = fields.get(e.field)?.schema;
    const bounded = schema?.minLength !== undefined || schema?.maxLength !== undefined;
    return e.keyword === 'pattern' && bounded && onlyQuantifierFails(schema?.pattern, body[e.field]);
  };
  const hard: RuleRef[] = [];
  const open: RuleRef[] = [];
  const neutral: Record<string, unknown> = { ...body };
  let later = false;
  for (const e of errors) {
    if ((typed.has(e.field) && e.keyword !== 'type') || lengthOnly(e)) continue;
    const value = e.field === '(body)' ? undefined : body[e.field];
    if (value === null && fields.get(e.field)?.required === false) {
      open.push(levelled('CK-NULL-OPTIONAL', edition));
      delete neutral[e.field];
      continue;
    }
    if (e.field === 'key_spec' && laterKeySpecs.includes(String(value))) {
      open.push(levelled('CK-SPEC-LATER-VALUES', edition));
      later = true;
      continue;
    }
    // An unknown property is the body's error; taking it out is taking out the property.
    const part = e.keyword === 'additionalProperties' ? (e.property ?? '') : e.field;
    for (const rule of rulesFor(edition, e.field, e.keyword, 'refuse')) {
      if (rule.level !== 'MAY') hard.push(rule);
      else {
        open.push(rule);
        delete neutral[part];
      }
    }
  }
  if (hard.length > 0) return { expect: 'refuse', rules: unique(hard), level: strongest(hard, 'MUST') };
  // A body whose open parts are taken out must still pass the cross-field rules; a later key spec has
  // rules of its own that no edition states, so they are not applied to it.
  const broken = later ? [] : parts.rules.filter((r) => !r.validate(neutral));
  if (broken.length > 0) {
    const rules = broken.flatMap((r) => {
      const level = requirement(r.id).levels[edition];
      return level ? [{ id: r.id, level }] : [];
    });
    return { expect: 'refuse', rules, level: strongest(rules, 'MUST') };
  }
  const accepts: RuleRef[] = [];
  for (const reading of openReadings) {
    const level = requirement(reading.id).levels[edition];
    if (level === undefined || reading.validate(neutral)) continue;
    (level === 'MAY' ? open : accepts).push({ id: reading.id, level });
  }
  accepts.push(...codePointReadings(neutral, edition, fields));
  if (open.length > 0) return { expect: 'either', rules: unique(open), level: strongest(open, 'MAY') };
  return { expect: 'accept', rules: unique(accepts), level: strongest(accepts, 'MUST') };
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Strings within maxLength as code points but over it as UTF-8 bytes or UTF-16 units (§7). */
function codePointReadings(
  body: Record<string, unknown>,
  edition: Edition,
  fields: ReadonlyMap<string, { schema: Readonly<Record<string, unknown>> }>,
): RuleRef[] {
  return Object.entries(body).flatMap(([name, value]) => {
    const max = fields.get(name)?.schema.maxLength;
    if (typeof value !== 'string' || typeof max !== 'number') return [];
    const otherReading = utf8Length(value) > max || value.length > max;
    return otherReading ? rulesFor(edition, name, 'maxLength', 'accept', 'code-points') : [];
  });
}

/**
 * A pattern of the form ^[class]{m,n}$ fails on a value made only of allowed characters: its length is what
 * is wrong. Where minLength/maxLength state the same bounds (key_alias), they are the rule that is broken.
 */
function onlyQuantifierFails(pattern: unknown, value: unknown): boolean {
  const cls = typeof pattern === 'string' ? /^\^\[(.+)\]\{\d+(?:,\d+)?\}\$$/.exec(pattern)?.[1] : undefined;
  if (cls === undefined || typeof value !== 'string') return false;
  const allowed = new RegExp(`^[${cls}]*$`, 'u');
  return allowed.test(value);
}
