import { randomBytes } from 'node:crypto';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { describe, expect, it } from 'vitest';
import { same } from '../../src/reference/auth.js';
import {
  canonicalRequest,
  sdkDate,
  sha256Hex,
  signature,
  stringToSign,
} from '../../src/transport/signing.js';
import { alias, errorCode, useReference } from '../support/reference.js';

const ak = 'KMSCTTESTAK0000000001';
const sk = `sk-${randomBytes(16).toString('hex')}`;
const other = {
  projectId: randomBytes(16).toString('hex'),
  token: `other-${randomBytes(12).toString('hex')}`,
};
const ref = useReference({ ak, sk, extraProjects: [other] });

const outcome = (res: { status: number; json: unknown }) => ({
  status: res.status,
  code: errorCode(res.json),
});

describe('reference authentication: X-Auth-Token per project', () => {
  it('accepts the project token', async () => {
    expect((await ref.client.call('create-key', { key_alias: alias() })).status).toBe(200);
  });
  it('refuses a missing token with 403 KMS.0301', async () => {
    const res = await ref.clientWith({ kind: 'none' }).call('create-key', { key_alias: alias() });
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0301' });
  });
  it('refuses an empty token with 403 KMS.0301', async () => {
    const res = await ref.clientWith({ kind: 'token', token: '' }).call('create-key', { key_alias: alias() });
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0301' });
  });
  it('refuses an unknown token with 403 KMS.0302', async () => {
    const res = await ref
      .clientWith({ kind: 'token', token: 'not-a-token-we-issued' })
      .call('create-key', { key_alias: alias() });
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0302' });
  });
  it('refuses the token of another project with 403 KMS.0321', async () => {
    const res = await ref
      .clientWith({ kind: 'token', token: other.token })
      .call('create-key', { key_alias: alias() });
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0321' });
  });
  it('accepts the other project token in its own project', async () => {
    const res = await ref
      .clientWith({ kind: 'token', token: other.token })
      .call('create-key', { key_alias: alias() }, { projectId: other.projectId });
    expect(res.status).toBe(200);
  });
});

describe('reference authentication: AK/SK signing (SDK-HMAC-SHA256)', () => {
  const signed = () => ref.clientWith({ kind: 'aksk', ak, sk });
  it('accepts a signed request', async () => {
    expect((await signed().call('create-key', { key_alias: alias() })).status).toBe(200);
  });
  it('refuses a wrong signature with 403', async () => {
    const res = await ref
      .clientWith({ kind: 'aksk', ak, sk: `${sk}x` })
      .call('create-key', { key_alias: alias() });
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0302' });
  });
  it('refuses a body changed after signing with 403', async () => {
    const res = await signed().call(
      'create-key',
      { key_alias: alias() },
      { tamperBody: (b) => b.replace('t-', 'u-') },
    );
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0302' });
    expect(res.json).toMatchObject({
      error: { error_msg: expect.stringContaining('the signature does not match') },
    });
  });
  it('answers an unknown AK exactly as a wrong signature: nothing tells whether the AK exists', async () => {
    const unknown = ref.clientWith({ kind: 'aksk', ak: 'AKNOSUCHKEY0000', sk: 'whatever' });
    const wrongSk = ref.clientWith({ kind: 'aksk', ak, sk: 'not-the-secret' });
    const [a, b] = [
      await unknown.call('create-key', { key_alias: alias() }),
      await wrongSk.call('create-key', { key_alias: alias() }),
    ];
    expect(outcome(a)).toEqual({ status: 403, code: 'KMS.0302' });
    expect((a.json as { error: { error_msg: string } }).error.error_msg).toBe(
      (b.json as { error: { error_msg: string } }).error.error_msg,
    );
  });
  it('refuses a signature that does not cover host with 403', async () => {
    const client = ref.clientWith({ kind: 'none' });
    const body = JSON.stringify({ key_alias: alias() });
    const date = sdkDate(new Date());
    const headers = { 'content-type': 'application/json', 'x-sdk-date': date };
    const signedHeaders = ['content-type', 'x-sdk-date'];
    const canonical = canonicalRequest({
      method: 'POST',
      url: client.url('create-key'),
      headers,
      signedHeaders,
      bodyHash: sha256Hex(body),
    });
    const authorization = `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature(sk, stringToSign(date, canonical))}`;
    const res = await client.call('create-key', undefined, {
      rawBody: body,
      headers: { ...headers, authorization },
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      error: { error_msg: expect.stringContaining('the signature must cover host and x-sdk-date') },
    });
  });
  it('refuses a request sent to another host than the one signed with 403', async () => {
    const res = await signed().call(
      'create-key',
      { key_alias: alias() },
      { headers: { host: 'kms.example.invalid' } },
    );
    expect(res.status).toBe(200); // signed and sent with the same Host: consistent, accepted
    const moved = await signed().call(
      'create-key',
      { key_alias: alias() },
      { signingHost: 'kms.example.invalid' },
    );
    expect(outcome(moved)).toEqual({ status: 403, code: 'KMS.0302' });
  });
  it('refuses an X-Sdk-Date 16 minutes off with 403', async () => {
    const res = await signed().call(
      'create-key',
      { key_alias: alias() },
      { signingDate: new Date(Date.now() - 16 * 60_000) },
    );
    expect(outcome(res)).toEqual({ status: 403, code: 'KMS.0302' });
    expect(res.json).toMatchObject({
      error: { error_msg: expect.stringContaining('more than 15 minutes from the server clock') },
    });
  });
  it('accepts an X-Sdk-Date 14 minutes off', async () => {
    const res = await signed().call(
      'create-key',
      { key_alias: alias() },
      { signingDate: new Date(Date.now() - 14 * 60_000) },
    );
    expect(res.status).toBe(200);
  });
});

describe('interoperability with the official @huaweicloud/huaweicloud-sdk-core client', () => {
  it('creates and describes a key through the reference', async () => {
    const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(ref.server.projectId);
    const hc = new ClientBuilder<HcClient>((c) => c)
      .withCredential(credentials)
      .withEndpoint(ref.server.url)
      // A custom user agent stops the SDK from writing ~/.huaweicloud/application_id.
      .withOptions({ customUserAgent: 'kms-conformance-test' })
      .build();
    const request = (operation: string, data: object) =>
      hc.sendRequest<{ httpStatusCode?: number } & Record<string, unknown>>({
        method: 'POST',
        url: `/v1.0/{project_id}/kms/${operation}`,
        contentType: 'application/json;charset=UTF-8',
        queryParams: {},
        pathParams: {},
        headers: {},
        data,
      });
    const name = alias('sdk');
    const created = (await request('create-key', { key_alias: name, key_spec: 'SM2' })) as {
      httpStatusCode?: number;
      key_info?: { key_id: string; domain_id: string };
    };
    expect(created.httpStatusCode).toBe(200);
    expect(created.key_info?.domain_id).toBe(ref.server.domainId);
    const described = (await request('describe-key', { key_id: created.key_info?.key_id ?? '' })) as {
      key_info?: Record<string, string>;
    };
    expect(described.key_info).toMatchObject({
      key_alias: name,
      key_spec: 'SM2',
      key_usage: 'SIGN_VERIFY',
      origin: 'kms',
      key_state: '2',
    });
  });
});

describe('same: the comparison of a sent secret with a configured one', () => {
  const secret = 'ref-0123456789abcdef0123456789abcdef';
  it('holds only for the very string: not a prefix, an extension, one unit off anywhere, or nothing', () => {
    expect(same(secret, secret)).toBe(true);
    expect(same(secret.slice(0, -1), secret)).toBe(false);
    expect(same(`${secret}x`, secret)).toBe(false);
    expect(same('', secret)).toBe(false);
    expect(same('x', '')).toBe(false);
    for (let i = 0; i < secret.length; i++) {
      const off = secret.slice(0, i) + String.fromCharCode(secret.charCodeAt(i) ^ 1) + secret.slice(i + 1);
      expect(same(off, secret), `one unit off at ${i}`).toBe(false);
    }
    // A sent value that repeats the secret's start is no match either (the secret's units are reused
    // cyclically when the sent value is longer).
    expect(same(secret + secret, secret)).toBe(false);
  });
});
