/**
 * Hand-built facts for the judges' unit tests: answers, evidence and key-phase facts as a run would record
 * them, small enough to read in a test.
 */
import type { Answer } from '../../src/catalogue/answers.js';
import type { CreateFact, KeyFact, KeyPhaseFacts, SendFact } from '../../src/judge/facts.js';
import type { Evidence } from '../../src/transport/evidence.js';

export const json = 'application/json;charset=UTF-8';

/** An answer with a JSON body (`body` as text when it is a string). */
export function answer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status, headers: { 'content-type': json, ...headers }, text, json: parsed };
}

export const envelope = (code: string) => ({ error: { error_code: code, error_msg: 'm' } });
export const keyInfo = (
  keyId = 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
  domainId = 'b168fe00ff56492495a7d22974df2d0b',
) => ({
  key_info: { key_id: keyId, domain_id: domainId },
});

export function evidenceOf(x: Answer, body = '{"key_alias":"test"}'): Evidence {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1:1/v1.0/p/kms/create-key', headers: {}, body },
    response: { status: x.status, headers: x.headers, body: x.text },
    curl: 'curl -sS -X POST',
  };
}

export function send(over: Partial<SendFact> & { status: number }): SendFact {
  const x = answer(over.status, over.status === 200 ? keyInfo() : envelope(over.code ?? 'KMS.1101'));
  return { create: 'P0', why: 'planned', facets: [], rules: [], evidence: evidenceOf(x), ...over };
}

export function create(over: Partial<CreateFact> & { id: string }): CreateFact {
  return {
    label: `create ${over.id}`,
    attempt: false,
    facets: [],
    cellItems: [],
    served: [],
    refused: [],
    undetermined: [],
    ...over,
  };
}

export function key(over: Partial<KeyFact> & { create: string; send: number }): KeyFact {
  return { keyId: `k-${over.create}`, domainId: 'd', body: { key_alias: 'a' }, ...over };
}

export function facts(over: Partial<KeyPhaseFacts>): KeyPhaseFacts {
  return {
    creates: [],
    sends: [],
    keys: [],
    unplanned: [],
    describeOffered: true,
    maxKeys: 10,
    spare: 0,
    ...over,
  };
}
