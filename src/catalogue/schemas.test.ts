import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createKeyRequest,
  createKeyResponse,
  describeKeyResponse,
  domainIdFormat,
  errorEnvelope,
  keyIdFormat,
  keySpecs,
  keyStateResponse,
  keyUsages,
  listKeysResponse,
  origins,
} from './schemas.js';
import type { Edition } from './types.js';
import { validatorModuleSource } from './validator-source.js';

const seed = createKeyRequest.seed;
const valid = (body: unknown, edition: Edition = 'seed') => createKeyRequest[edition](body);

describe('seed examples validate against their schemas', () => {
  it('request example {"key_alias": "test"}', () => {
    expect(valid({ key_alias: 'test' })).toBe(true);
    expect(valid({ key_alias: 'test' }, 'current')).toBe(true);
  });
  it('200 example', () => {
    const body = {
      key_info: {
        key_id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
        domain_id: 'b168fe00ff56492495a7d22974df2d0b',
      },
    };
    expect(createKeyResponse(body)).toBe(true);
    expect(keyIdFormat(body.key_info.key_id)).toBe(true);
    expect(domainIdFormat(body.key_info.domain_id)).toBe(true);
  });
  it('400 and 403 example', () => {
    expect(errorEnvelope({ error: { error_code: 'KMS.XXX', error_msg: 'XXX' } })).toBe(true);
  });
});

describe('key_alias boundaries (create-key.md §2)', () => {
  it.each([
    ['1 character', 'a', true],
    ['255 characters', 'a'.repeat(255), true],
    ['0 characters', '', false],
    ['256 characters', 'a'.repeat(256), false],
    ['every allowed class', 'aZ09:/_-', true],
    ['only a colon', ':', true],
    ['only a slash', '/', true],
    ['only a hyphen', '-', true],
    ['only an underscore', '_', true],
  ])('%s → %s', (_label, alias, expected) => {
    expect(valid({ key_alias: alias })).toBe(expected);
  });

  it.each([
    ['space', 'a b'],
    ['dot', 'a.b'],
    ['at sign', 'a@b'],
    ['non-ASCII letter é', 'caf\u00e9'],
    ['CJK letter', '密钥'],
    ['fullwidth letter', '\uff41'],
    ['newline at the end (regex $ pitfall)', 'abc\n'],
    ['tab', 'a\tb'],
    ['NUL', 'a\u0000b'],
    ['backslash', 'a\\b'],
    ['plus', 'a+b'],
    ['hash', 'a#b'],
  ])('forbidden %s is invalid', (_label, alias) => {
    expect(valid({ key_alias: alias })).toBe(false);
  });

  it.each([
    ['default', true],
    ['x/defaults', true],
    ['x/default/y', true],
    ['default/x', true],
    ['x_default', true],
    ['x/default', false],
    ['/default', false],
    ['a/b/default', false],
    ['obs/default', false],
  ])('%s → %s', (alias, expected) => {
    expect(valid({ key_alias: alias })).toBe(expected);
    expect(valid({ key_alias: alias }, 'current')).toBe(expected);
  });

  it.each([[123], [true], [null], [['a']], [{ a: 1 }]])('non-string %j is invalid', (alias) => {
    expect(valid({ key_alias: alias })).toBe(false);
  });

  it('key_alias is required', () => {
    expect(valid({})).toBe(false);
    expect(valid({ key_spec: 'AES_256' })).toBe(false);
  });
});

describe('enumerations (create-key.md §2)', () => {
  it.each(keySpecs)('key_spec %s is valid', (spec) => {
    expect(valid({ key_alias: 'a', key_spec: spec })).toBe(true);
  });
  it.each(keyUsages)('key_usage %s is valid with a matching key_spec', (usage) => {
    const spec = usage === 'SIGN_VERIFY' ? 'RSA_2048' : 'AES_256';
    expect(valid({ key_alias: 'a', key_spec: spec, key_usage: usage })).toBe(true);
  });
  it.each(origins)('origin %s is valid', (origin) => {
    expect(valid({ key_alias: 'a', origin })).toBe(true);
  });
  it.each([
    ['key_spec', 'aes_256'],
    ['key_spec', 'AES_256 '],
    ['key_spec', 'AES256'],
    ['key_spec', 'SYMMETRIC_DEFAULT'],
    ['key_spec', 'ECC_NIST_P256'],
    ['key_spec', 'RSA_1024'],
    ['key_spec', ''],
    ['key_usage', 'encrypt_decrypt'],
    ['key_usage', 'SIGN_VERIFY '],
    ['key_usage', 'ENCRYPT'],
    ['key_usage', 'GENERATE_VERIFY_MAC'],
    ['origin', 'KMS'],
    ['origin', 'EXTERNAL'],
    ['origin', 'kms '],
    ['origin', 'AWS_KMS'],
  ])('%s %j is invalid', (field, value) => {
    expect(valid({ key_alias: 'a', [field]: value })).toBe(false);
  });
});

describe('cross-field rules', () => {
  it.each([
    [{ key_spec: 'AES_256', key_usage: 'SIGN_VERIFY' }, false],
    [{ key_spec: 'SM4', key_usage: 'SIGN_VERIFY' }, false],
    [{ key_usage: 'SIGN_VERIFY' }, false],
    [{ key_spec: 'RSA_2048', key_usage: 'ENCRYPT_DECRYPT' }, true],
    [{ key_spec: 'EC_P256', key_usage: 'ENCRYPT_DECRYPT' }, true],
  ])('%j → %s in both editions', (fields, expected) => {
    expect(valid({ key_alias: 'a', ...fields })).toBe(expected);
    expect(valid({ key_alias: 'a', ...fields }, 'current')).toBe(expected);
  });
  it.each([
    [{ origin: 'external' }, true, true],
    [{ origin: 'external', key_spec: 'AES_256' }, true, true],
    [{ origin: 'external', key_spec: 'SM4' }, false, true],
    [{ origin: 'external', key_spec: 'RSA_2048' }, false, true],
  ])('%j → seed %s, current %s', (fields, seedOk, currentOk) => {
    expect(valid({ key_alias: 'a', ...fields })).toBe(seedOk);
    expect(valid({ key_alias: 'a', ...fields }, 'current')).toBe(currentOk);
  });
  it('keystore_id exists only in the current edition', () => {
    expect(valid({ key_alias: 'a', keystore_id: '0' })).toBe(false);
    expect(valid({ key_alias: 'a', keystore_id: '0' }, 'current')).toBe(true);
    expect(valid({ key_alias: 'a', keystore_id: 0 }, 'current')).toBe(false);
  });
});

describe('key_description counts Unicode code points (create-key.md §2, §7)', () => {
  it.each([
    ['empty', '', true],
    ['255 ASCII', 'd'.repeat(255), true],
    ['256 ASCII', 'd'.repeat(256), false],
    ['255 CJK', '密'.repeat(255), true],
    ['256 CJK', '密'.repeat(256), false],
    ['255 astral (two UTF-16 units each)', '😀'.repeat(255), true],
    ['256 astral', '😀'.repeat(256), false],
  ])('%s → %s', (_label, description, expected) => {
    expect(valid({ key_alias: 'a', key_description: description })).toBe(expected);
  });
});

describe('sequence is 36 bytes (create-key.md §2)', () => {
  it.each([
    ['UUID', '919c82d4-8046-4722-9094-35c3c6524cff', true],
    ['35 bytes', 'a'.repeat(35), false],
    ['37 bytes', 'a'.repeat(37), false],
    ['36 characters but 37 bytes', `é${'a'.repeat(35)}`, false],
  ])('%s → %s', (_label, sequence, expected) => {
    expect(valid({ key_alias: 'a', sequence })).toBe(expected);
  });
});

describe('request schemas are exact', () => {
  it('an unknown field is not part of a valid request', () => {
    expect(seed({ key_alias: 'a', tags: [] })).toBe(false);
  });
});

describe('response schemas accept additional properties', () => {
  const keyInfo = {
    key_id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
    domain_id: 'b168fe00ff56492495a7d22974df2d0b',
  };
  it('create-key 200 with region_id and a top-level extra', () => {
    expect(createKeyResponse({ key_info: { ...keyInfo, region_id: 'cn-north-4' }, request_id: 'x' })).toBe(
      true,
    );
  });
  it('error envelope with request_id', () => {
    expect(
      errorEnvelope({ error: { error_code: 'KMS.1101', error_msg: 'x', extra: 1 }, request_id: 'r' }),
    ).toBe(true);
  });
  it('describe-key, list-keys and key-state bodies with extras', () => {
    const details = {
      ...keyInfo,
      key_alias: 'a',
      key_spec: 'AES_256',
      key_usage: 'ENCRYPT_DECRYPT',
      key_state: '2',
      origin: 'kms',
      keystore_id: '0',
    };
    expect(describeKeyResponse({ key_info: details })).toBe(true);
    expect(
      listKeysResponse({
        keys: [keyInfo.key_id],
        key_details: [details],
        next_marker: '',
        truncated: 'false',
        total: 1,
        x: 1,
      }),
    ).toBe(true);
    expect(keyStateResponse({ key_id: keyInfo.key_id, key_state: '4', extra: true })).toBe(true);
  });
  it('a 200 body without domain_id is invalid', () => {
    expect(createKeyResponse({ key_info: { key_id: keyInfo.key_id } })).toBe(false);
  });
  it('an error body in the flat gateway shape is not the KMS envelope', () => {
    expect(errorEnvelope({ error_code: 'APIGW.0301', error_msg: 'x' })).toBe(false);
  });
});

describe('the precompiled validators', () => {
  it('are those of schemas/ as they are now (else: npm run schemas:compile)', () => {
    const committed = readFileSync(new URL('./generated/validators.ts', import.meta.url), 'utf8');
    expect(committed === validatorModuleSource(), 'src/catalogue/generated/validators.ts is stale').toBe(
      true,
    );
  });
});
