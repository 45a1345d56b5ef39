import { describe, expect, it } from 'vitest';
import { laterKeySpecs } from '../catalogue/known-values.js';
import { createKeyRequest, requestFields } from '../catalogue/schemas.js';
import { editions } from '../catalogue/types.js';
import { bodyOf, deriveCases, type Fresh } from './derive.js';
import { charProbes } from './probes.js';

let n = 0;
const fresh: Fresh = {
  alias: () => `kmsct-test-${n++}`,
  digits: () => String(7_000_000_000_000 + n++),
  sequence: () => `919c82d4-8046-4722-9094-${String(n++).padStart(12, '0')}`,
};
const build = (c: ReturnType<typeof deriveCases>[number]) =>
  c.raw ? JSON.parse(c.raw(fresh)) : bodyOf(c, fresh);

describe.each(editions)('derived cases, %s edition', (edition) => {
  const cases = deriveCases(edition);
  const schema = createKeyRequest[edition];

  it('are the same cases, in the same order, every time', () => {
    expect(deriveCases(edition).map((c) => c.key)).toEqual(cases.map((c) => c.key));
    expect(new Set(cases.map((c) => c.key)).size).toBe(cases.length);
  });

  it('break the request schema when they must be refused, and keep it when they must be accepted', () => {
    for (const c of cases) {
      if (c.classification.expect === 'refuse') expect(schema(build(c)), c.key).toBe(false);
      if (c.classification.expect === 'accept') expect(schema(build(c)), c.key).toBe(true);
    }
  });

  it('exercise every keyword of every field on the refusing side', () => {
    for (const field of requestFields(edition)) {
      for (const keyword of Object.keys(field.schema).filter((k) => k !== '$comment' && k !== 'default')) {
        if (keyword === 'minLength' && field.schema.minLength === 0) continue; // nothing is shorter than 0
        const family = keyword === 'minLength' || keyword === 'maxLength' ? 'length' : keyword;
        const refused = cases.filter(
          (c) => c.field === field.name && c.family === family && c.classification.expect !== 'accept',
        );
        expect(refused.length, `${field.name} ${keyword}`).toBeGreaterThan(0);
      }
    }
  });

  it('put each forbidden character of the alias pattern at every position it names', () => {
    const labels = new Set(
      cases.filter((c) => c.field === 'key_alias' && c.family === 'pattern').map((c) => c.label),
    );
    for (const probe of charProbes)
      for (const position of probe.positions)
        expect(labels, `${probe.label} ${position}`).toContain(
          `a ${probe.label} ${position === 'alone' ? 'alone' : `at the ${position}`}`,
        );
  });

  it('build coercible wrong types from fresh values, so "already exists" cannot answer for the rule', () => {
    for (const c of cases.filter((c) => c.family === 'type' && c.field === 'key_alias')) {
      const one = JSON.stringify(build(c));
      const two = JSON.stringify(build(c));
      if (c.label !== 'true') expect(one, c.key).not.toBe(two);
    }
    const number = cases.find((c) => c.field === 'key_alias' && c.label.startsWith('a number'));
    const value = number && bodyOf(number, fresh).key_alias;
    expect(Number.isSafeInteger(value)).toBe(true);
  });

  it('never offer a documented enumeration value as a wrong one, and leave later SDK specs open', () => {
    for (const c of cases.filter((c) => c.family === 'enum')) {
      const value = build(c)[c.field];
      const allowed = (requestFields(edition).find((f) => f.name === c.field)?.schema.enum as string[]) ?? [];
      expect(allowed, c.key).not.toContain(value);
      if (laterKeySpecs.includes(String(value))) expect(c.classification.expect, c.key).toBe('either');
    }
  });

  it('tag every case that is not plainly accepted with a requirement of the catalogue', () => {
    for (const c of cases.filter((c) => c.classification.expect !== 'accept'))
      expect(c.classification.rules.length, c.key).toBeGreaterThan(0);
  });
});
