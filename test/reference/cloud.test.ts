/**
 * The reference's cloud profile (src/reference/cloud.ts), seen raw over a socket: the gateway's flat refusals
 * with request ids, its 429 without Retry-After past the rate, and new keys that are not found, then waiting to
 * be enabled, before they settle.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.js';

let server: ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function call(s: ReferenceServer, operation: string, body: unknown, token = s.token) {
  const x = await request(`${s.url}/v1.0/${s.projectId}/kms/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body: JSON.stringify(body),
  });
  return { status: x.statusCode, headers: x.headers, json: (await x.body.json()) as Record<string, unknown> };
}

describe('the cloud profile', () => {
  it('answers bad credentials as the gateway does: 401 APIGW.0301, flat, with the request id', async () => {
    server = await startReferenceServer({ profile: 'cloud' });
    const x = await call(server, 'create-key', { key_alias: 'a' }, 'not-a-token');
    expect(x.status).toBe(401);
    expect(x.json).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: decrypt token fail',
      request_id: x.headers['x-request-id'],
    });
    expect(x.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // An unknown API is the gateway's too.
    const route = await call(server, 'no-such-operation', {});
    expect(route).toMatchObject({ status: 404, json: { error_code: 'APIGW.0101' } });
  });

  it('throttles past its rate with 429 APIGW.0308 and no Retry-After, then lets requests through again', async () => {
    // One request every 2 s past a burst of 5: the 8 at once find 5 tokens, however slow the machine.
    server = await startReferenceServer({ profile: 'cloud', cloud: { rate: 0.5, burst: 5 } });
    const s = server;
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(s, 'list-keys', { limit: '1' })));
    const throttled = answers.filter((x) => x.status === 429);
    expect(answers.filter((x) => x.status === 200)).toHaveLength(5);
    expect(throttled).toHaveLength(3);
    for (const x of throttled) {
      expect(x.json.error_code).toBe('APIGW.0308');
      expect(x.headers['retry-after']).toBeUndefined();
    }
    await sleep(2100);
    expect((await call(s, 'list-keys', { limit: '1' })).status).toBe(200);
  });

  it('shows a new key as not found, then waiting to be enabled, then enabled', async () => {
    // Wide phases (1.5 s each), so that a loaded machine still reads each in its phase.
    server = await startReferenceServer({ profile: 'cloud', cloud: { settleMs: 3000 } });
    const start = performance.now();
    const created = await call(server, 'create-key', { key_alias: 'settling' });
    const keyId = (created.json.key_info as { key_id: string }).key_id;
    const describe = () => call(server as ReferenceServer, 'describe-key', { key_id: keyId });
    const listed = async () =>
      (
        (await call(server as ReferenceServer, 'list-keys', { key_spec: 'ALL' })).json.keys as string[]
      ).includes(keyId);
    expect((await describe()).json).toEqual({
      error: { error_code: 'KMS.0207', error_msg: expect.any(String) },
    });
    expect(await listed()).toBe(false);
    await sleep(1600 - (performance.now() - start));
    expect(((await describe()).json.key_info as { key_state: string }).key_state).toBe('1');
    expect(await listed()).toBe(true);
    await sleep(3100 - (performance.now() - start));
    expect(((await describe()).json.key_info as { key_state: string }).key_state).toBe('2');
  });
});
