import { describe, expect, it } from 'vitest';
import { parseAuthorization, sdkDate, signRequest, verifySignedRequest } from './signing.js';

// The test vector of docs/spec/signing.md (the SDK's own output, checked by an independent implementation).
const vector = {
  ak: 'AKEXAMPLE',
  sk: 'SKEXAMPLE',
  url: new URL(
    'https://kms.cn-north-4.myhuaweicloud.com/v1.0/0123456789abcdef0123456789abcdef/kms/create-key',
  ),
  headers: { 'content-type': 'application/json', 'X-Project-Id': '0123456789abcdef0123456789abcdef' },
  body: '{"key_alias":"test"}',
  date: new Date('2024-01-01T00:00:00Z'),
};

describe('SDK-HMAC-SHA256 signer', () => {
  it('reproduces the published test vector', () => {
    const headers = signRequest({ ...vector, method: 'POST' });
    expect(headers['X-Sdk-Date']).toBe('20240101T000000Z');
    expect(headers.Authorization).toBe(
      'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ' +
        'Signature=85b92585641c5b09ef319ce5a17bbca41d6936c5121b29ad62d4eefd7330d852',
    );
  });

  it('formats X-Sdk-Date as YYYYMMDDTHHmmssZ', () => {
    expect(sdkDate(new Date('2026-11-28T17:31:30.123Z'))).toBe('20261128T173130Z');
  });

  const received = () => {
    const sent = signRequest({ ...vector, method: 'POST' });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(sent)) headers[k.toLowerCase()] = v;
    return headers;
  };
  const verify = (overrides: Partial<Parameters<typeof verifySignedRequest>[0]>) =>
    verifySignedRequest({
      method: 'POST',
      url: vector.url,
      headers: received(),
      body: Buffer.from(vector.body),
      secretFor: (ak) => (ak === vector.ak ? vector.sk : undefined),
      now: vector.date,
      maxSkewMs: 15 * 60_000,
      ...overrides,
    });

  it('verifies what it signed', () => {
    expect(verify({})).toEqual({ ok: true, ak: 'AKEXAMPLE' });
  });
  it.each([
    ['a changed body', { body: Buffer.from('{"key_alias":"tesu"}') }, 'bad-signature'],
    [
      'another path',
      { url: new URL('https://kms.cn-north-4.myhuaweicloud.com/v1.0/x/kms/create-key') },
      'bad-signature',
    ],
    [
      'an unknown AK (told apart from a wrong signature by nothing)',
      { secretFor: () => undefined },
      'bad-signature',
    ],
    ['a clock 16 minutes ahead', { now: new Date(vector.date.getTime() + 16 * 60_000) }, 'stale-date'],
    ['no Authorization', { headers: { ...received(), authorization: '' } }, 'malformed'],
  ] as const)('refuses %s', (_label, overrides, reason) => {
    expect(verify(overrides)).toEqual({ ok: false, reason });
  });
  it('refuses a signature that does not cover host', () => {
    const headers = received();
    headers.authorization = (headers.authorization ?? '').replace('content-type;host;', 'content-type;');
    expect(verify({ headers })).toEqual({ ok: false, reason: 'unsigned-host' });
  });
  it('parses the Authorization header', () => {
    expect(parseAuthorization(received().authorization ?? '')?.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-project-id',
      'x-sdk-date',
    ]);
  });
});
