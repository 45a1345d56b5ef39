import { describe, expect, it } from 'vitest';
import { alias, errorCode, useReference } from '../support/reference.js';

const ref = useReference();
const create = (body: unknown) => ref.client.call('create-key', body);

describe('reference create-key: every rule with its status and code (seed edition)', () => {
  it.each([
    ['the seed example', () => ({ key_alias: alias() })],
    ['alias of 1 character', () => ({ key_alias: 'q' })],
    ['alias of 255 characters', () => ({ key_alias: alias('a'.repeat(200)).padEnd(255, 'z') })],
    ['every allowed class', () => ({ key_alias: `aZ09:/_-${alias()}` })],
    ['x/defaults', () => ({ key_alias: `${alias()}/defaults` })],
    ['description of 255 CJK characters', () => ({ key_alias: alias(), key_description: '密'.repeat(255) })],
    ['origin external', () => ({ key_alias: alias(), origin: 'external' })],
    [
      'RSA with ENCRYPT_DECRYPT',
      () => ({ key_alias: alias(), key_spec: 'RSA_2048', key_usage: 'ENCRYPT_DECRYPT' }),
    ],
    ['SM2 with SIGN_VERIFY', () => ({ key_alias: alias(), key_spec: 'SM2', key_usage: 'SIGN_VERIFY' })],
    ['a 36-byte sequence', () => ({ key_alias: alias(), sequence: '919c82d4-8046-4722-9094-35c3c6524cff' })],
  ])('accepts %s with 200 and key_info', async (_label, body) => {
    const res = await create(body());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      key_info: { key_id: expect.stringMatching(/^[0-9a-f-]{36}$/), domain_id: ref.server.domainId },
    });
  });

  it.each([
    ['no key_alias', { key_spec: 'AES_256' }, 'KMS.0204'],
    ['an empty alias', { key_alias: '' }, 'KMS.1101'],
    ['an alias of 256 characters', { key_alias: 'a'.repeat(256) }, 'KMS.1101'],
    ['a space in the alias', { key_alias: 'a b' }, 'KMS.1101'],
    ['a dot in the alias', { key_alias: 'a.b' }, 'KMS.1101'],
    ['a non-ASCII letter in the alias', { key_alias: 'café' }, 'KMS.1101'],
    ['the /default suffix', { key_alias: 'x/default' }, 'KMS.1101'],
    ['a bare /default', { key_alias: '/default' }, 'KMS.1101'],
    ['a numeric alias', { key_alias: 42 }, 'KMS.1101'],
    ['a description of 256 characters', { key_alias: 'd', key_description: 'd'.repeat(256) }, 'KMS.1103'],
    ['a lowercase key_spec', { key_alias: 'd', key_spec: 'aes_256' }, 'KMS.0308'],
    ['an unknown key_usage', { key_alias: 'd', key_usage: 'ENCRYPT' }, 'KMS.0308'],
    ['an unknown origin', { key_alias: 'd', origin: 'KMS' }, 'KMS.0308'],
    [
      'AES_256 with SIGN_VERIFY',
      { key_alias: 'd', key_spec: 'AES_256', key_usage: 'SIGN_VERIFY' },
      'KMS.1115',
    ],
    ['SM4 with SIGN_VERIFY', { key_alias: 'd', key_spec: 'SM4', key_usage: 'SIGN_VERIFY' }, 'KMS.1115'],
    ['no key_spec with SIGN_VERIFY', { key_alias: 'd', key_usage: 'SIGN_VERIFY' }, 'KMS.1115'],
    [
      'EC_P256 with ENCRYPT_DECRYPT',
      { key_alias: 'd', key_spec: 'EC_P256', key_usage: 'ENCRYPT_DECRYPT' },
      'KMS.1114',
    ],
    [
      'EC_P384 with ENCRYPT_DECRYPT',
      { key_alias: 'd', key_spec: 'EC_P384', key_usage: 'ENCRYPT_DECRYPT' },
      'KMS.1114',
    ],
    [
      'origin external with SM4 (seed: AES only)',
      { key_alias: 'd', origin: 'external', key_spec: 'SM4' },
      'KMS.0308',
    ],
    ['a 35-byte sequence', { key_alias: 'd', sequence: 'a'.repeat(35) }, 'KMS.0206'],
    ['an unknown field', { key_alias: 'd', tags: [] }, 'KMS.0308'],
    ['keystore_id in the seed edition', { key_alias: 'd', keystore_id: '0' }, 'KMS.0308'],
    ['a JSON array', [], 'KMS.0202'],
    ['JSON null', null, 'KMS.0202'],
  ])('rejects %s with 400 %s', async (_label, body, code) => {
    const res = await create(body);
    expect({ status: res.status, code: errorCode(res.json) }).toEqual({ status: 400, code });
  });

  it('rejects malformed JSON with 400 KMS.0202', async () => {
    const res = await ref.client.call('create-key', undefined, { rawBody: '{"key_alias": "x",' });
    expect({ status: res.status, code: errorCode(res.json) }).toEqual({ status: 400, code: 'KMS.0202' });
  });

  it('rejects a duplicate alias with 400 KMS.1104, and a default key alias as well', async () => {
    const name = alias();
    expect((await create({ key_alias: name })).status).toBe(200);
    const again = await create({ key_alias: name });
    expect({ status: again.status, code: errorCode(again.json) }).toEqual({ status: 400, code: 'KMS.1104' });
  });

  it('answers with application/json;charset=UTF-8 and the error envelope', async () => {
    const res = await create({ key_alias: '' });
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.json).toEqual({
      error: { error_code: 'KMS.1101', error_msg: expect.stringContaining('Invalid key_alias.') },
    });
  });

  it('answers an unknown operation with 404 and a wrong method with 405', async () => {
    const unknown = await ref.client.call('make-key', { key_alias: 'x' });
    expect({ status: unknown.status, code: errorCode(unknown.json) }).toEqual({
      status: 404,
      code: 'KMS.0201',
    });
    const get = await ref.client.call('create-key', undefined, { method: 'GET', rawBody: '' });
    expect({ status: get.status, code: errorCode(get.json) }).toEqual({ status: 405, code: 'KMS.0215' });
  });
});

describe('reference create-key: current edition', () => {
  const current = useReference({ edition: 'current' });
  it.each([
    [{ origin: 'external', key_spec: 'SM4' }, 200],
    [{ origin: 'external', key_spec: 'RSA_2048' }, 200],
    [{ keystore_id: '0' }, 200],
    [{ keystore_id: 0 }, 400],
    [{ key_spec: 'AES_256', key_usage: 'SIGN_VERIFY' }, 400],
  ])('%j → %i', async (fields, status) => {
    const res = await current.client.call('create-key', { key_alias: alias(), ...fields });
    expect(res.status).toBe(status);
  });
});

describe('reference quota', () => {
  const small = useReference({ quota: 2 });
  it('refuses the key past the quota with 400 KMS.1105; default keys do not count', async () => {
    expect((await small.client.call('create-key', { key_alias: alias() })).status).toBe(200);
    expect((await small.client.call('create-key', { key_alias: alias() })).status).toBe(200);
    const third = await small.client.call('create-key', { key_alias: alias() });
    expect({ status: third.status, code: errorCode(third.json) }).toEqual({ status: 400, code: 'KMS.1105' });
  });
});
