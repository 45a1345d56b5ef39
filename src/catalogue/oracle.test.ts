import { describe, expect, it } from 'vitest';
import { classify } from './oracle.js';
import type { Edition } from './types.js';

const a = 'kmsct-oracle-0';
type Row = [label: string, body: unknown, seed: string, current: string];

/** expectation and the requirement ids it rests on, per edition ("accept" alone: a plain valid body). */
const table: Row[] = [
  ['a valid body', { key_alias: a }, 'accept', 'accept'],
  ['a numeric alias', { key_alias: 42 }, 'refuse CK-ALIAS-TYPE', 'refuse CK-ALIAS-TYPE'],
  [
    'a null alias (null for the required field is refused either way)',
    { key_alias: null },
    'refuse CK-ALIAS-TYPE',
    'refuse CK-ALIAS-TYPE',
  ],
  ['no alias', {}, 'refuse CK-ALIAS-REQUIRED', 'refuse CK-ALIAS-REQUIRED'],
  [
    'an empty alias: its length, not its characters',
    { key_alias: '' },
    'refuse CK-ALIAS-LENGTH-INVALID',
    'refuse CK-ALIAS-LENGTH-INVALID',
  ],
  [
    '256 allowed characters: its length',
    { key_alias: 'x'.repeat(256) },
    'refuse CK-ALIAS-LENGTH-INVALID',
    'refuse CK-ALIAS-LENGTH-INVALID',
  ],
  [
    'a trailing space',
    { key_alias: `${a} ` },
    'refuse CK-ALIAS-CHARSET-INVALID',
    'refuse CK-ALIAS-CHARSET-INVALID',
  ],
  [
    'the /default suffix',
    { key_alias: `${a}/default` },
    'refuse CK-ALIAS-DEFAULT-SUFFIX',
    'refuse CK-ALIAS-DEFAULT-SUFFIX',
  ],
  ['a lookalike of the suffix', { key_alias: `${a}/defaults` }, 'accept', 'accept'],
  [
    'null for an optional field',
    { key_alias: a, key_spec: null },
    'either CK-NULL-OPTIONAL',
    'either CK-NULL-OPTIONAL',
  ],
  [
    'null for key_spec with SIGN_VERIFY: absent means AES, so refused on either reading',
    { key_alias: a, key_spec: null, key_usage: 'SIGN_VERIFY' },
    'refuse CK-USAGE-SYMMETRIC-SIGN',
    'refuse CK-USAGE-SYMMETRIC-SIGN',
  ],
  [
    'a key spec a later SDK added',
    { key_alias: a, key_spec: 'ED25519' },
    'either CK-SPEC-LATER-VALUES',
    'either CK-SPEC-LATER-VALUES',
  ],
  [
    'an enum value in lower case',
    { key_alias: a, key_spec: 'aes_256' },
    'refuse CK-SPEC-ENUM-INVALID',
    'refuse CK-SPEC-ENUM-INVALID',
  ],
  [
    'an array holding a valid spec',
    { key_alias: a, key_spec: ['AES_256'] },
    'refuse CK-SPEC-ENUM-INVALID',
    'refuse CK-SPEC-ENUM-INVALID',
  ],
  [
    'AES_256 with SIGN_VERIFY',
    { key_alias: a, key_spec: 'AES_256', key_usage: 'SIGN_VERIFY' },
    'refuse CK-USAGE-SYMMETRIC-SIGN',
    'refuse CK-USAGE-SYMMETRIC-SIGN',
  ],
  [
    'EC with ENCRYPT_DECRYPT',
    { key_alias: a, key_spec: 'EC_P256', key_usage: 'ENCRYPT_DECRYPT' },
    'either CK-USAGE-EC-ENCRYPT',
    'either CK-USAGE-EC-ENCRYPT',
  ],
  [
    'RSA with ENCRYPT_DECRYPT: open in the seed, offered by the current edition',
    { key_alias: a, key_spec: 'RSA_2048', key_usage: 'ENCRYPT_DECRYPT' },
    'either CK-USAGE-ASYMMETRIC-ENCRYPT',
    'accept CK-USAGE-ASYMMETRIC-ENCRYPT',
  ],
  [
    'external RSA: refused in the seed, open in the current edition',
    { key_alias: a, origin: 'external', key_spec: 'RSA_2048' },
    'refuse CK-ORIGIN-EXTERNAL-AES-ONLY',
    'either CK-ORIGIN-EXTERNAL-OTHER-SPECS',
  ],
  ['an unknown field', { key_alias: a, zz: 1 }, 'either CK-UNKNOWN-FIELDS', 'either CK-UNKNOWN-FIELDS'],
  [
    'an unknown field does not save AES_256 with SIGN_VERIFY',
    { key_alias: a, zz: 1, key_usage: 'SIGN_VERIFY' },
    'refuse CK-USAGE-SYMMETRIC-SIGN',
    'refuse CK-USAGE-SYMMETRIC-SIGN',
  ],
  [
    'a sequence of 35 bytes',
    { key_alias: a, sequence: 'x'.repeat(35) },
    'either CK-SEQUENCE-LENGTH',
    'either CK-SEQUENCE-LENGTH',
  ],
  [
    'a numeric sequence',
    { key_alias: a, sequence: 35 },
    'refuse CK-SEQUENCE-TYPE',
    'refuse CK-SEQUENCE-TYPE',
  ],
  [
    'enterprise_project_id "0" (is it validated? open)',
    { key_alias: a, enterprise_project_id: '0' },
    'either CK-ENTERPRISE-PROJECT',
    'either CK-ENTERPRISE-PROJECT',
  ],
  [
    '255 emoji: code points (the natural reading) accept it, bytes do not',
    { key_alias: a, key_description: '😀'.repeat(255) },
    'accept CK-DESC-CODE-POINTS',
    'accept CK-DESC-CODE-POINTS',
  ],
  [
    '256 characters of description',
    { key_alias: a, key_description: 'd'.repeat(256) },
    'refuse CK-DESC-LENGTH-INVALID',
    'refuse CK-DESC-LENGTH-INVALID',
  ],
  [
    'a numeric keystore_id: unknown in the seed, refused in the current edition',
    { key_alias: a, keystore_id: 1 },
    'either CK-UNKNOWN-FIELDS',
    'refuse CK-KEYSTORE-ID',
  ],
  ['a body that is an array', [], 'refuse CK-ROBUST-NOT-AN-OBJECT', 'refuse CK-ROBUST-NOT-AN-OBJECT'],
];

const summary = (body: unknown, edition: Edition) => {
  const c = classify(body, edition);
  return [c.expect, ...c.rules.map((r) => r.id)].join(' ');
};

describe('the oracle: what a conformant target must answer', () => {
  it.each(table)('%s', (_label, body, seed, current) => {
    expect(summary(body, 'seed')).toBe(seed);
    expect(summary(body, 'current')).toBe(current);
  });

  it('gives the level of the broken rule: SHOULD for a symmetric SIGN_VERIFY key, MUST for a bad alias', () => {
    expect(classify({ key_alias: a, key_usage: 'SIGN_VERIFY' }, 'seed').level).toBe('SHOULD');
    expect(classify({ key_alias: '' }, 'seed').level).toBe('MUST');
    expect(classify({ key_alias: a }, 'seed').level).toBe('MUST');
  });
});
