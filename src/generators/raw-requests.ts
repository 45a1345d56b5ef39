/**
 * Raw HTTP/1.1 requests for fuzzing a server below any client library: odd methods and request targets,
 * Host headers that are no host, credentials of every shape, bodies that are deep, large, binary or derived
 * from the schemas. Pure: the caller sends them.
 */
import fc from 'fast-check';
import { anyFieldValue } from './random-values.js';

export interface RawRequestConstraints {
  readonly projectId: string;
  readonly token: string;
}

const operations = [
  'create-key',
  'describe-key',
  'list-keys',
  'schedule-key-deletion',
  'cancel-key-deletion',
];

function targets({ projectId }: RawRequestConstraints): fc.Arbitrary<string> {
  const op = fc.constantFrom(...operations, 'nope', '');
  return fc.oneof(
    op.map((o) => `/v1.0/${projectId}/kms/${o}`),
    op.map((o) => `//v1.0/${projectId}/kms/${o}`),
    op.map((o) => `http://[/v1.0/${projectId}/kms/${o}`),
    op.map((o) => `/v1.0/${projectId}/kms/${o}?a=%zz&b`),
    op.map((o) => `/v1.0/%2e%2e/${projectId}/kms/${o}`),
    fc.constantFrom('*', '/', '/v1.0', `/v1.0/${'x'.repeat(4000)}/kms/create-key`, 'example.com:443'),
    fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => `/${encodeURIComponent(s)}`),
  );
}

const methods = fc.constantFrom(
  'POST',
  'POST',
  'POST',
  'GET',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'CONNECT',
  'PURGE',
);

function bodies(): fc.Arbitrary<string> {
  return fc.oneof(
    anyFieldValue.map((v) => JSON.stringify({ key_alias: v })),
    fc
      .record({ key_alias: fc.string({ maxLength: 40 }), key_spec: anyFieldValue, key_usage: anyFieldValue })
      .map((b) => JSON.stringify(b)),
    fc
      .record({
        key_id: anyFieldValue,
        limit: anyFieldValue,
        marker: anyFieldValue,
        pending_days: anyFieldValue,
      })
      .map((b) => JSON.stringify(b)),
    fc.integer({ min: 10, max: 6000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.integer({ min: 10, max: 6000 }).map((n) => `{"key_alias":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
    fc.integer({ min: 60_000, max: 70_000 }).map((n) => JSON.stringify({ key_alias: 'x'.repeat(n) })),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constant(''),
  );
}

/** Header lines besides Content-Length: credentials of every shape, Hosts that are no host. */
function headers({ token }: RawRequestConstraints): fc.Arbitrary<string[]> {
  const host = fc.constantFrom('127.0.0.1', 'reference.invalid:99999', '[::1', 'a b', '', 'h\tost');
  const auth = fc.oneof(
    fc.constant(`X-Auth-Token: ${token}`),
    fc.constant('X-Auth-Token: '),
    fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map((t) => `X-Auth-Token: ${t}`),
    fc.constant('Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz'),
    fc.constant('Authorization: SDK-HMAC-SHA256'),
    fc.constant(''),
  );
  const extra = fc.constantFrom(
    '',
    'Content-Type: application/json',
    'Content-Type: text/plain',
    'Content-Encoding: gzip',
    'Expect: 100-continue',
    'Upgrade: websocket\r\nConnection: Upgrade',
    'X-Sdk-Date: 20261129T000000Z',
  );
  return fc.tuple(host, auth, extra).map(([h, a, e]) => [`Host: ${h}`, a, e].filter((l) => l !== ''));
}

/** One request as it goes on the wire (Connection: close, so each answer ends its socket). */
export function rawRequest(c: RawRequestConstraints): fc.Arbitrary<string> {
  return fc.tuple(methods, targets(c), headers(c), bodies()).map(([method, target, lines, body]) => {
    const length = Buffer.byteLength(body, 'latin1');
    return [
      `${method} ${target} HTTP/1.1`,
      ...lines,
      `Content-Length: ${length}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n');
  });
}
