import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/findings/finding.js';
import type { RecordedExchange, Recording } from '../../src/record/format.js';
import { Replayer } from '../../src/record/replay.js';
import { recordingOf } from '../support/recordings.js';

const own = { projectId: 'p'.repeat(32), token: 'replay-token', domainId: 'd'.repeat(32) };
const x = (
  operation: string,
  request: unknown,
  status: number,
  response: unknown,
  code?: string,
): RecordedExchange => ({
  operation,
  method: 'POST',
  path: `/v1.0/<project-id>/kms/${operation}`,
  auth: 'token',
  request,
  status,
  ...(code && { code }),
  class: 'json',
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  response,
});
const recording: Recording = recordingOf([
  {
    requirement: 'CK-ALIAS-DUPLICATE',
    case: 'a second create',
    fingerprint: fingerprintOf('CK-ALIAS-DUPLICATE', 'a second create'),
    exchanges: [
      x('create-key', { key_alias: '<alias:1>' }, 200, {
        key_info: { key_id: '<key-id:1>', domain_id: '<domain-id:1>' },
      }),
      x(
        'create-key',
        { key_alias: '<alias:1>' },
        400,
        { error: { error_code: 'KMS.1104', error_msg: 'taken' } },
        'KMS.1104',
      ),
      x('describe-key', { key_id: '<key-id:1>' }, 200, {
        key_info: { key_id: '<key-id:1>', key_alias: '<alias:1>', creation_date: '<date>' },
      }),
      x(
        'describe-key',
        { key_id: '<sequence:1>' },
        404,
        { error: { error_code: 'KMS.0207', error_msg: 'no such key' } },
        'KMS.0207',
      ),
    ],
  },
]);
/** The fields these tests read of an answer. */
interface Answer {
  key_info: { key_id: string; domain_id: string; key_alias: string; creation_date: string };
  error: { error_code: string };
  kmsct_replay: { unmatched: string; closest: string };
}
const send = (r: Replayer, operation: string, body: unknown, token = own.token) => {
  const a = r.answer({
    method: 'POST',
    path: `/v1.0/${own.projectId}/kms/${operation}`,
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body: JSON.stringify(body),
  });
  if ('drop' in a) throw new Error('dropped');
  return { status: a.status, json: JSON.parse(a.body) as Answer };
};

describe('a recording replayed', () => {
  it('answers a create, refuses the same alias again, and describes that key with what the client sent', () => {
    const r = new Replayer(recording, own);
    const made = send(r, 'create-key', { key_alias: 'mine' });
    expect(made.status).toBe(200);
    expect(made.json.key_info.domain_id).toBe(own.domainId);
    const keyId = made.json.key_info.key_id as string;
    expect(send(r, 'create-key', { key_alias: 'mine' })).toMatchObject({
      status: 400,
      json: { error: { error_code: 'KMS.1104' } },
    });
    const described = send(r, 'describe-key', { key_id: keyId });
    expect(described.status).toBe(200);
    expect(described.json.key_info).toMatchObject({ key_id: keyId, key_alias: 'mine' });
    expect(described.json.key_info.creation_date).toMatch(/^\d{13}$/);
  });

  it('never takes a key id the client made up for one it gave: an unknown key is the recorded absent one', () => {
    const r = new Replayer(recording, own);
    expect(send(r, 'describe-key', { key_id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      status: 404,
      json: { error: { error_code: 'KMS.0207' } },
    });
  });

  it('a new alias never meets the recorded "alias taken"; what fits nothing gets a 404 naming the closest case', () => {
    const r = new Replayer(recording, own);
    expect(send(r, 'create-key', { key_alias: 'first' }).status).toBe(200);
    // The one recorded success is used; a second alias is answered by it again, not by the refusal.
    expect(send(r, 'create-key', { key_alias: 'second' }).status).toBe(200);
    const lost = send(r, 'rotate-key', {});
    expect(lost.status).toBe(404);
    expect(lost.json.kmsct_replay.closest).toBe('nothing: the recording has no rotate-key');
    const other = send(r, 'create-key', { key_alias: 'x' }, 'another-token');
    expect(other.status).toBe(404);
    expect(other.json.kmsct_replay.unmatched).toBe(
      'create-key with credentials "other-token" and fields ["key_alias"]',
    );
    expect(other.json.kmsct_replay.closest).toMatch(
      /^CK-ALIAS-DUPLICATE a second create \(credentials "token"/,
    );
  });
});
