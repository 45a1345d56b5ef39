import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { KeyDetails, ListKeysResponse } from '../../src/catalogue/api-types.js';
import { describeKeyResponse, keyStateResponse, listKeysResponse } from '../../src/catalogue/schemas.js';
import { startReferenceServer } from '../../src/reference/server.js';
import { alias, errorCode, useReference } from '../support/reference.js';

const ref = useReference();
const outcome = (res: { status: number; json: unknown }) => ({
  status: res.status,
  code: errorCode(res.json),
});
const keyIdOf = (json: unknown) => (json as { key_info: { key_id: string } }).key_info.key_id;

describe('reference describe-key', () => {
  it('shows the requested and the default attributes', async () => {
    const name = alias();
    const created = await ref.client.call('create-key', {
      key_alias: name,
      key_spec: 'RSA_3072',
      key_description: 'rsa',
    });
    const res = await ref.client.call('describe-key', { key_id: keyIdOf(created.json) });
    expect(describeKeyResponse(res.json)).toBe(true);
    expect((res.json as { key_info: KeyDetails }).key_info).toMatchObject({
      key_alias: name,
      key_spec: 'RSA_3072',
      key_usage: 'SIGN_VERIFY',
      key_description: 'rsa',
      origin: 'kms',
      key_state: '2',
      default_key_flag: '0',
      domain_id: ref.server.domainId,
    });
  });
  it('shows key_state "5" for origin external', async () => {
    const created = await ref.client.call('create-key', { key_alias: alias(), origin: 'external' });
    const res = await ref.client.call('describe-key', { key_id: keyIdOf(created.json) });
    expect((res.json as { key_info: KeyDetails }).key_info).toMatchObject({
      origin: 'external',
      key_state: '5',
      key_spec: 'AES_256',
    });
  });
  it('answers an unknown key with 404 KMS.0207', async () => {
    const res = await ref.client.call('describe-key', { key_id: '00000000-0000-4000-8000-000000000000' });
    expect(outcome(res)).toEqual({ status: 404, code: 'KMS.0207' });
  });
});

describe('reference list-keys', () => {
  const fresh = useReference();
  it('starts with the service default keys, flagged "1"', async () => {
    const res = await fresh.client.call('list-keys', { key_spec: 'ALL' });
    const body = res.json as ListKeysResponse;
    expect(listKeysResponse(body)).toBe(true);
    expect(body.key_details.map((k) => k.key_alias)).toContain('obs/default');
    expect(body.key_details.every((k) => k.default_key_flag === '1')).toBe(true);
  });
  it('pages with limit and marker, and filters by key_spec and key_state', async () => {
    await fresh.client.call('create-key', { key_alias: alias(), key_spec: 'SM4' });
    await fresh.client.call('create-key', { key_alias: alias(), origin: 'external' });
    const all = (await fresh.client.call('list-keys', { key_spec: 'ALL' })).json as ListKeysResponse;
    const first = (await fresh.client.call('list-keys', { key_spec: 'ALL', limit: '5' }))
      .json as ListKeysResponse;
    expect(first).toMatchObject({ truncated: 'true', next_marker: '5', total: all.total });
    const rest = (await fresh.client.call('list-keys', { key_spec: 'ALL', limit: '100', marker: '5' }))
      .json as ListKeysResponse;
    expect([...first.keys, ...rest.keys]).toEqual(all.keys);
    expect(rest.truncated).toBe('false');
    const sm4 = (await fresh.client.call('list-keys', { key_spec: 'SM4' })).json as ListKeysResponse;
    expect(sm4.key_details.map((k) => k.key_spec)).toEqual(['SM4']);
    const pendingImport = (await fresh.client.call('list-keys', { key_state: '5' })).json as ListKeysResponse;
    expect(pendingImport.key_details.map((k) => k.origin)).toEqual(['external']);
    const aesOnly = (await fresh.client.call('list-keys', {})).json as ListKeysResponse;
    expect(new Set(aesOnly.key_details.map((k) => k.key_spec))).toEqual(new Set(['AES_256']));
  });
  it('refuses a bad limit with 400 KMS.1601', async () => {
    expect(outcome(await fresh.client.call('list-keys', { limit: 'ten' }))).toEqual({
      status: 400,
      code: 'KMS.1601',
    });
  });
});

describe('reference schedule- and cancel-key-deletion', () => {
  it('schedules for 7 days, refuses twice, cancels to disabled, and refuses a second cancel', async () => {
    const keyId = keyIdOf((await ref.client.call('create-key', { key_alias: alias() })).json);
    const scheduled = await ref.client.call('schedule-key-deletion', { key_id: keyId, pending_days: '7' });
    expect(keyStateResponse(scheduled.json)).toBe(true);
    expect(scheduled.json).toEqual({ key_id: keyId, key_state: '4' });
    const described = (await ref.client.call('describe-key', { key_id: keyId })).json as {
      key_info: KeyDetails;
    };
    expect(Number(described.key_info.scheduled_deletion_date)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(
      outcome(await ref.client.call('schedule-key-deletion', { key_id: keyId, pending_days: '7' })),
    ).toEqual({ status: 400, code: 'KMS.1402' });
    expect((await ref.client.call('cancel-key-deletion', { key_id: keyId })).json).toEqual({
      key_id: keyId,
      key_state: '3',
    });
    expect(outcome(await ref.client.call('cancel-key-deletion', { key_id: keyId }))).toEqual({
      status: 400,
      code: 'KMS.1501',
    });
  });
  it.each(['6', '1097', '0', 'seven'])('refuses pending_days %s with 400 KMS.1401', async (days) => {
    const keyId = keyIdOf((await ref.client.call('create-key', { key_alias: alias() })).json);
    expect(
      outcome(await ref.client.call('schedule-key-deletion', { key_id: keyId, pending_days: days })),
    ).toEqual({ status: 400, code: 'KMS.1401' });
  });
  it('accepts pending_days 1096', async () => {
    const keyId = keyIdOf((await ref.client.call('create-key', { key_alias: alias() })).json);
    expect(
      (await ref.client.call('schedule-key-deletion', { key_id: keyId, pending_days: '1096' })).status,
    ).toBe(200);
  });
  it('refuses to schedule a service default key with 400 KMS.0211', async () => {
    const list = (await ref.client.call('list-keys', { key_spec: 'ALL' })).json as ListKeysResponse;
    const obs = list.key_details.find((k) => k.key_alias === 'obs/default');
    expect(
      outcome(await ref.client.call('schedule-key-deletion', { key_id: obs?.key_id, pending_days: '7' })),
    ).toEqual({ status: 400, code: 'KMS.0211' });
  });
});

describe('reference over HTTPS', () => {
  it('serves create-key with --tls-cert/--tls-key, verified against the certificate', async () => {
    const cert = readFileSync(new URL('../fixtures/localhost-cert.pem', import.meta.url));
    const key = readFileSync(new URL('../fixtures/localhost-key.pem', import.meta.url));
    const server = await startReferenceServer({ tls: { cert, key } });
    const agent = new Agent({ connect: { ca: cert.toString() } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await request(`${server.url}/v1.0/${server.projectId}/kms/create-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': server.token },
        body: JSON.stringify({ key_alias: 'tls' }),
        dispatcher: agent,
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toMatchObject({ key_info: { domain_id: server.domainId } });
    } finally {
      await agent.close();
      await server.close();
    }
  });
});
