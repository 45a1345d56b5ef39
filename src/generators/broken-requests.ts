import fc from 'fast-check';
import type { Edition } from '../spec/types.js';
import { defaultSuffixAliases, forbiddenAliasCharacters } from './alias.js';

/** A create-key body that breaks exactly one rule, tagged with the requirement id of that rule. */
export interface BrokenRequest {
  readonly rule: string;
  readonly label: string;
  /** The JSON body, or the raw text when `raw` is set. */
  readonly body?: unknown;
  readonly raw?: string;
}

const withAlias = (alias: string, fields: Record<string, unknown>) => ({ key_alias: alias, ...fields });

/**
 * The deterministic one-rule-broken cases of an edition. Each carries a valid alias (with the run prefix)
 * unless the alias is what it breaks, so the only reason to refuse it is the tagged rule.
 */
export function brokenRequests(alias: () => string, edition: Edition): readonly BrokenRequest[] {
  const cases: BrokenRequest[] = [
    { rule: 'CK-ALIAS-REQUIRED', label: 'empty object', body: {} },
    { rule: 'CK-ALIAS-REQUIRED', label: 'only key_spec', body: { key_spec: 'AES_256' } },
    { rule: 'CK-ALIAS-LENGTH-INVALID', label: 'alias of 0 characters', body: { key_alias: '' } },
    {
      rule: 'CK-ALIAS-LENGTH-INVALID',
      label: 'alias of 256 characters',
      body: { key_alias: alias().padEnd(256, 'x') },
    },
    ...forbiddenAliasCharacters.map((c) => ({
      rule: 'CK-ALIAS-CHARSET-INVALID',
      label: `alias with a ${c.label}`,
      body: { key_alias: `${alias()}${c.char}x` },
    })),
    ...defaultSuffixAliases(alias()).map((a) => ({
      rule: 'CK-ALIAS-DEFAULT-SUFFIX',
      label: `alias ${a}`,
      body: { key_alias: a },
    })),
    ...[42, true, null, ['a'], { a: 1 }].map((v) => ({
      rule: 'CK-ALIAS-TYPE',
      label: `alias ${JSON.stringify(v)}`,
      body: { key_alias: v },
    })),
    ...['aes_256', 'AES_256 ', 'AES256', 'SYMMETRIC_DEFAULT', 'ECC_NIST_P256', 'RSA_1024', '', 256, null].map(
      (v) => ({
        rule: 'CK-SPEC-ENUM-INVALID',
        label: `key_spec ${JSON.stringify(v)}`,
        body: withAlias(alias(), { key_spec: v }),
      }),
    ),
    ...['encrypt_decrypt', 'SIGN_VERIFY ', 'ENCRYPT', 'SIGN', 'GENERATE_VERIFY_MAC', '', 1].map((v) => ({
      rule: 'CK-USAGE-ENUM-INVALID',
      label: `key_usage ${JSON.stringify(v)}`,
      // RSA accepts either documented usage, so only the unknown value can be the reason to refuse.
      body: withAlias(alias(), { key_spec: 'RSA_2048', key_usage: v }),
    })),
    ...['KMS', 'EXTERNAL', 'imported', 'kms ', 'AWS_KMS', '', 0].map((v) => ({
      rule: 'CK-ORIGIN-ENUM-INVALID',
      label: `origin ${JSON.stringify(v)}`,
      body: withAlias(alias(), { origin: v }),
    })),
    {
      rule: 'CK-DESC-LENGTH-INVALID',
      label: 'description of 256 ASCII characters',
      body: withAlias(alias(), { key_description: 'd'.repeat(256) }),
    },
    ...[42, ['d'], { d: 1 }].map((v) => ({
      rule: 'CK-DESC-TYPE',
      label: `description ${JSON.stringify(v)}`,
      body: withAlias(alias(), { key_description: v }),
    })),
    ...[42, { s: 1 }].map((v) => ({
      rule: 'CK-SEQUENCE-TYPE',
      label: `sequence ${JSON.stringify(v)}`,
      body: withAlias(alias(), { sequence: v }),
    })),
    ...[
      { key_spec: 'AES_256', key_usage: 'SIGN_VERIFY' },
      { key_spec: 'SM4', key_usage: 'SIGN_VERIFY' },
      { key_usage: 'SIGN_VERIFY' },
    ].map((f) => ({
      rule: 'CK-USAGE-SYMMETRIC-SIGN',
      label: JSON.stringify(f),
      body: withAlias(alias(), f),
    })),
    ...['null', '[]', '"test"', '42'].map((raw) => ({
      rule: 'CK-ROBUST-NOT-AN-OBJECT',
      label: `body ${raw}`,
      raw,
    })),
    ...['{"key_alias": "x",', '{"key_alias": "x",}', "{'key_alias': 'x'}", '', 'key_alias=x'].map((raw) => ({
      rule: 'CK-ROBUST-MALFORMED-JSON',
      label: `body ${JSON.stringify(raw)}`,
      raw,
    })),
  ];
  if (edition === 'seed') {
    for (const spec of ['SM4', 'RSA_2048', 'EC_P256']) {
      cases.push({
        rule: 'CK-ORIGIN-EXTERNAL-AES-ONLY',
        label: `external ${spec}`,
        body: withAlias(alias(), { origin: 'external', key_spec: spec }),
      });
    }
  } else {
    cases.push({
      rule: 'CK-KEYSTORE-ID',
      label: 'keystore_id 0 (a number)',
      body: withAlias(alias(), { keystore_id: 0 }),
    });
  }
  return cases;
}

/** Random one-rule-broken bodies for the seeded fuzz phase: any deterministic case, with a fresh alias. */
export function brokenRequest(alias: () => string, edition: Edition): fc.Arbitrary<BrokenRequest> {
  return fc.constantFrom(...brokenRequests(alias, edition));
}

/** Random JSON values in the place of a field: the fuzz phase's wrong types and odd values. */
export const oddFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
