import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KmsClient } from '../../src/transport/client.js';
import { toCurl } from '../../src/transport/curl.js';
import { TransportError } from '../../src/transport/errors.js';
import { Redactor, redacted } from '../../src/transport/redact.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('KmsClient', () => {
  it('retries a 429 after its Retry-After and records every retry', async () => {
    let calls = 0;
    const url = await serve((_req, res) =>
      ++calls <= 2
        ? json(res, 429, { error_code: 'APIGW.0308' }, { 'retry-after': '0' })
        : json(res, 200, { ok: true }),
    );
    const client = new KmsClient({ baseUrl: url, projectId: 'p', auth: { kind: 'none' } });
    const x = await client.call('create-key', { key_alias: 'a' });
    await client.close();
    expect(x.status).toBe(200);
    expect(x.retries).toEqual([
      { status: 429, waitMs: 0 },
      { status: 429, waitMs: 0 },
    ]);
  });

  it('gives up after maxRetries with KMSCT_ERR_THROTTLED: a throttled answer is not one to judge', async () => {
    let received = 0;
    const url = await serve((_req, res) => {
      received++;
      json(res, 429, {}, { 'retry-after': '0' });
    });
    const client = new KmsClient({ baseUrl: url, projectId: 'p', auth: { kind: 'none' }, maxRetries: 1 });
    await expect(client.call('create-key', {})).rejects.toThrow(
      'KMSCT_ERR_THROTTLED: the target answered 429: still after 1 retries (Retry-After "0"); a throttled target is not judged',
    );
    await client.close();
    expect(received).toBe(2);
  });

  it('paces requests at --rate: 5 requests at 20/s span at least 4 intervals', async () => {
    const times: number[] = [];
    const url = await serve((_req, res) => {
      times.push(performance.now());
      json(res, 200, {});
    });
    const client = new KmsClient({ baseUrl: url, projectId: 'p', auth: { kind: 'none' }, rate: 20 });
    await Promise.all(Array.from({ length: 5 }, () => client.call('list-keys', {})));
    await client.close();
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(4 * 50 - 10);
  });

  it('refuses a response over the size cap with KMSCT_ERR_RESPONSE_TOO_LARGE', async () => {
    const url = await serve((_req, res) => json(res, 200, { pad: 'x'.repeat(200_000) }));
    const client = new KmsClient({
      baseUrl: url,
      projectId: 'p',
      auth: { kind: 'none' },
      maxResponseBytes: 64 * 1024,
    });
    await expect(client.call('create-key', {})).rejects.toMatchObject({
      code: 'KMSCT_ERR_RESPONSE_TOO_LARGE',
    });
    await client.close();
  });

  it('times out a silent server with KMSCT_ERR_TIMEOUT', async () => {
    const url = await serve(() => {});
    const client = new KmsClient({ baseUrl: url, projectId: 'p', auth: { kind: 'none' }, timeoutMs: 300 });
    const error = await client.call('create-key', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toMatch(/KMSCT_ERR_TIMEOUT: expected an answer within 300 ms/);
    await client.close();
    server?.closeAllConnections();
  });

  it('records exchanges with the token and a signature redacted, and a curl that uses $KMSCT_TOKEN', async () => {
    const token = 'secret-token-abcdef';
    const url = await serve((req, res) =>
      json(res, 400, {
        error: { error_code: 'KMS.0302', error_msg: `bad token ${req.headers['x-auth-token']}` },
      }),
    );
    const client = new KmsClient({ baseUrl: url, projectId: 'p', auth: { kind: 'token', token } });
    const x = await client.call('create-key', { key_alias: 'a' });
    await client.close();
    expect(x.request.headers['X-Auth-Token']).toBe(redacted);
    expect(x.text).toBe(`{"error":{"error_code":"KMS.0302","error_msg":"bad token ${redacted}"}}`);
    expect(toCurl(x.request)).toContain('-H "X-Auth-Token: $KMSCT_TOKEN"');
    expect(JSON.stringify(x)).not.toContain(token);
  });
});

describe('Redactor', () => {
  it('replaces secrets in text, JSON-escaped and URL-encoded forms, and in secret headers', () => {
    const r = new Redactor(['s3cr"et/x', undefined, 'ab']);
    expect(r.text('a s3cr"et/x b')).toBe(`a ${redacted} b`);
    expect(r.text(JSON.stringify({ m: 's3cr"et/x' }))).toBe(`{"m":"${redacted}"}`);
    expect(r.text(`q=${encodeURIComponent('s3cr"et/x')}`)).toBe(`q=${redacted}`);
    expect(r.text('ab stays: too short to be a secret')).toBe('ab stays: too short to be a secret');
    expect(
      r.headers({
        Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc123',
        'X-Auth-Token': 't',
      }),
    ).toEqual({
      Authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=${redacted}`,
      'X-Auth-Token': redacted,
    });
  });
});
