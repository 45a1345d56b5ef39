import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requirement } from '../spec/catalogue/index.js';
import { createKeyRequest } from '../spec/schemas.js';
import { editions } from '../spec/types.js';
import { aliasAlphabet, defaultLookalikeAliases, defaultSuffixAliases, validAlias } from './alias.js';
import { brokenRequests } from './broken-requests.js';
import { mustAcceptCells, validCreateKeyRequest } from './create-key-request.js';

let n = 0;
const alias = () => `run1-${n++}`;

describe.each(editions)('generators, %s edition', (edition) => {
  const schema = createKeyRequest[edition];

  it('valid requests pass the request schema', () => {
    fc.assert(
      fc.property(validCreateKeyRequest({ prefix: 'run1', edition }), (body) => schema(body)),
      { seed: 42, numRuns: 300 },
    );
  });

  it('every must-accept cell is schema-valid', () => {
    for (const cell of mustAcceptCells(edition))
      expect(schema({ key_alias: 'a', ...cell }), JSON.stringify(cell)).toBe(true);
  });

  it('each broken request breaks the request schema, and is tagged with a catalogue requirement of this edition', () => {
    for (const c of brokenRequests(alias, edition)) {
      expect(requirement(c.rule).levels[edition], `${c.rule} in ${edition}`).toBeDefined();
      if (c.raw !== undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(c.raw);
        } catch {
          continue; // malformed JSON: breaks the rule by construction
        }
        expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), c.label).toBe(false);
      } else {
        expect(schema(c.body), c.label).toBe(false);
      }
    }
  });

  it('a broken request with a valid alias fails only outside key_alias', () => {
    for (const c of brokenRequests(alias, edition).filter(
      (c) => !c.rule.startsWith('CK-ALIAS') && c.body !== undefined,
    )) {
      schema(c.body);
      const aliasErrors = (schema.errors ?? []).filter((e) => e.instancePath === '/key_alias');
      expect(aliasErrors, c.label).toEqual([]);
    }
  });
});

describe('alias generators', () => {
  it('the same seed gives the same aliases', () => {
    const sample = (seed: number) => fc.sample(validAlias({ prefix: 'p' }), { seed, numRuns: 20 });
    expect(sample(7)).toEqual(sample(7));
    expect(sample(7)).not.toEqual(sample(8));
  });
  it('valid aliases use only the allowed alphabet, keep the prefix and the length bound, and shrink validly', () => {
    const arb = validAlias({ prefix: 'p', maxLength: 255 });
    fc.assert(
      fc.property(
        arb,
        (a) =>
          a.startsWith('p-') &&
          a.length <= 255 &&
          [...a].every((c) => aliasAlphabet.includes(c)) &&
          createKeyRequest.seed({ key_alias: a }),
      ),
      { seed: 1, numRuns: 500 },
    );
    // A property that fails on long aliases shrinks to a minimal one that is still valid.
    const details = fc.check(
      fc.property(arb, (a) => a.length < 10),
      { seed: 1 },
    );
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample ?? [''];
    expect(shrunk).toHaveLength(10);
    expect(createKeyRequest.seed({ key_alias: shrunk })).toBe(true);
  });
  it('suffix aliases are invalid and lookalikes valid', () => {
    for (const a of defaultSuffixAliases('p')) expect(createKeyRequest.seed({ key_alias: a }), a).toBe(false);
    for (const a of defaultLookalikeAliases('p'))
      expect(createKeyRequest.seed({ key_alias: a }), a).toBe(true);
  });
  it('refuses a prefix that leaves no room, with a message that says so', () => {
    expect(() => validAlias({ prefix: 'x'.repeat(254) })).toThrow(
      /prefix must leave room for one character, but received 254 characters/,
    );
  });
});
