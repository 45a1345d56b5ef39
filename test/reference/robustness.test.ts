import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference/server.js';
import { alias, errorCode, useReference } from '../support/reference.js';

const ref = useReference();

/** Sends raw bytes on a socket and resolves with what the server wrote before closing (bounded by timeoutMs). */
function rawExchange(url: string, write: (socket: ReturnType<typeof connect>) => void, timeoutMs: number) {
  const { hostname, port } = new URL(url);
  return new Promise<{ text: string; closedAfterMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => write(socket));
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`socket still open after ${timeoutMs} ms`));
    }, timeoutMs).unref();
  });
}

describe('reference robustness', () => {
  it('rejects a body over 64 KiB with 400 KMS.0203 and keeps at most 64 KiB in memory', async () => {
    const res = await ref.client.call('create-key', undefined, {
      rawBody: JSON.stringify({ key_alias: alias(), key_description: 'x'.repeat(4 * 1024 * 1024) }),
    });
    expect({ status: res.status, code: errorCode(res.json) }).toEqual({ status: 400, code: 'KMS.0203' });
    expect(ref.server.stats().maxBufferedBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('accepts a body of exactly 64 KiB of padding around a valid request', async () => {
    const core = JSON.stringify({ key_alias: alias() });
    const res = await ref.client.call('create-key', undefined, { rawBody: core.padEnd(64 * 1024, ' ') });
    expect(res.status).toBe(200);
  });

  it('never answers 5xx to odd bodies', async () => {
    const bodies = [
      '',
      ' ',
      'null',
      '"x"',
      '1e999',
      '{"key_alias":"\\ud800"}',
      '{"__proto__":{"x":1},"key_alias":"p"}',
      '{"key_alias":{"$gt":""}}',
    ];
    for (const rawBody of bodies) {
      const res = await ref.client.call('create-key', undefined, { rawBody });
      expect(res.status, rawBody).toBeLessThan(500);
      expect(errorCode(res.json), rawBody).toMatch(/^KMS\.\d{4}$/);
    }
  });

  it('closes a connection whose headers never finish within the headers timeout', async () => {
    const slow = await startReferenceServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const result = await rawExchange(
        slow.url,
        (s) => s.write('POST /v1.0/x/kms/create-key HTTP/1.1\r\nHost: a\r\n'),
        5000,
      );
      expect(result.text).toMatch(/^HTTP\/1\.1 408/);
      expect(result.closedAfterMs).toBeLessThan(3000);
    } finally {
      await slow.close();
    }
  });

  it('closes a connection whose body trickles in past the request timeout', async () => {
    const slow = await startReferenceServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const result = await rawExchange(
        slow.url,
        (s) => {
          s.write(
            `POST /v1.0/${slow.projectId}/kms/create-key HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{"key`,
          );
          const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write(' ')), 100);
          s.on('close', () => clearInterval(timer));
        },
        5000,
      );
      expect(result.text).toMatch(/^HTTP\/1\.1 408/);
      expect(result.closedAfterMs).toBeLessThan(3000);
    } finally {
      await slow.close();
    }
  });
});

describe('reference concurrency', () => {
  it('64 parallel creates of one alias give exactly one 200 and 63 × 400 KMS.1104', async () => {
    const name = alias('race');
    const results = await Promise.all(
      Array.from({ length: 64 }, () => ref.client.call('create-key', { key_alias: name })),
    );
    const outcomes = results.map((r) => (r.status === 200 ? 200 : errorCode(r.json)));
    expect(outcomes.filter((o) => o === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'KMS.1104')).toHaveLength(63);
  });

  it('1,000 parallel creates give 1,000 distinct key ids', async () => {
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => ref.client.call('create-key', { key_alias: alias(`p${i}`) })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = new Set(results.map((r) => (r.json as { key_info: { key_id: string } }).key_info.key_id));
    expect(ids.size).toBe(1000);
  });
});

describe('reference key ids with --seed', () => {
  it('are the same for the same seed and differ for another', async () => {
    const idsFor = async (seed: number) => {
      const server = await startReferenceServer({ seed, projectId: 'a'.repeat(32), token: 'seeded-token' });
      const { KmsClient } = await import('../../src/transport/client.js');
      const client = new KmsClient({
        baseUrl: server.url,
        projectId: server.projectId,
        auth: { kind: 'token', token: server.token },
      });
      const ids: string[] = [];
      for (const name of ['one', 'two', 'three']) {
        const res = await client.call('create-key', { key_alias: name });
        ids.push((res.json as { key_info: { key_id: string } }).key_info.key_id);
      }
      await client.close();
      await server.close();
      return ids;
    };
    const first = await idsFor(7);
    expect(await idsFor(7)).toEqual(first);
    expect(await idsFor(8)).not.toEqual(first);
    for (const id of first)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('reference robustness against hostile clients', () => {
  it('refuses a list-keys limit outside 1..1000 with 400 KMS.1601, and pages by slices of its index', async () => {
    const big = await ref.client.call('list-keys', { limit: '100000' });
    expect({ status: big.status, code: errorCode(big.json) }).toEqual({ status: 400, code: 'KMS.1601' });
    const page = await ref.client.call('list-keys', { limit: '2', key_spec: 'ALL' });
    const body = page.json as { keys: string[]; truncated: string; next_marker: string; total: number };
    expect(body.keys).toHaveLength(2);
    expect([body.truncated, body.next_marker]).toEqual(['true', '2']);
    expect(body.total).toBeGreaterThanOrEqual(11);
  });

  it('answers CONNECT with 405 and the envelope instead of dropping it', async () => {
    const { text } = await rawExchange(
      ref.server.url,
      (s) => s.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n'),
      5_000,
    );
    expect(text).toMatch(/^HTTP\/1\.1 405 /);
    expect(text).toContain('"error_code":"KMS.0215"');
  });

  it('answers a request target that is no URL, and a Host that is no host, with a 4xx, never a 500', async () => {
    for (const request of [
      'POST http://[/v1.0/x/kms/create-key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      `POST /v1.0/${ref.server.projectId}/kms/create-key HTTP/1.1\r\nHost: [::1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ]) {
      const { text } = await rawExchange(ref.server.url, (s) => s.write(request), 5_000);
      expect(text).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
  });

  it('refuses JSON nested thousands deep with 400 KMS.0202, without exhausting the stack', async () => {
    const res = await ref.client.call('create-key', undefined, {
      rawBody: `{"key_alias":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    });
    expect({ status: res.status, code: errorCode(res.json) }).toEqual({ status: 400, code: 'KMS.0202' });
  });

  it('closes the socket of a client that never reads its answers, and keeps serving others', async () => {
    const server = await startReferenceServer({ writeTimeoutMs: 500 });
    const { KmsClient } = await import('../../src/transport/client.js');
    const client = new KmsClient({
      baseUrl: server.url,
      projectId: server.projectId,
      auth: { kind: 'token', token: server.token },
      connections: 32,
    });
    try {
      // 1,000 keys, so that each page is about half a megabyte: more than the kernel buffers hold.
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => client.call('create-key', { key_alias: `stall-${i}` })),
      );
      const { hostname, port } = new URL(server.url);
      const stalled = connect(Number(port), hostname);
      stalled.on('error', () => {});
      stalled.pause();
      const body = '{"limit":"1000","key_spec":"ALL"}';
      const page = `POST /v1.0/${server.projectId}/kms/list-keys HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      for (let i = 0; i < 40; i++) stalled.write(page);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      expect((await client.call('create-key', { key_alias: alias() })).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      await client.destroy();
      // The server closed the stalled socket once its answers stopped flowing (the paused client has not noticed).
      for (let i = 0; i < 40 && server.stats().sockets > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(server.stats().sockets).toBe(0);
      stalled.destroy();
    } finally {
      await client.destroy();
      await server.close();
    }
  });
});
