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
