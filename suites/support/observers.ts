/**
 * Always-on checks: every create-key answer of every test is judged against the response-level
 * requirements, whatever the test itself checks. A violation becomes a finding of that requirement
 * (state folder), which the report merges with the requirement's own tests.
 */
import { requirement } from '../../src/spec/catalogue/index.js';
import { createKeyResponse, domainIdFormat, errorEnvelope, keyIdFormat } from '../../src/spec/schemas.js';
import type { Edition } from '../../src/spec/types.js';
import { appendState } from '../../src/config/state.js';
import { type Exchange, toCurl } from '../../src/transport/client.js';
import { inject } from 'vitest';

const run = inject('kmsct');

export const documentedStatuses: Readonly<Record<Edition, readonly number[]>> = {
  seed: [200, 400, 403],
  current: [200, 400, 401, 403, 404, 500, 502, 504],
};

type Verdict = string | undefined;

/** Each observer: requirement id → a message when the exchange breaks it. */
const observers: readonly { readonly id: string; readonly judge: (x: Exchange) => Verdict }[] = [
  {
    id: 'CK-STATUS-DOCUMENTED',
    judge: (x) =>
      documentedStatuses[run.edition].includes(x.status)
        ? undefined
        : `Received status ${x.status}; expected one of ${documentedStatuses[run.edition].join(', ')} (${run.edition} edition)`,
  },
  {
    id: 'CK-ERROR-ENVELOPE',
    judge: (x) =>
      x.status < 400 || errorEnvelope(x.json)
        ? undefined
        : `Received ${x.status} with body ${x.text.slice(0, 200)}; expected {"error": {"error_code": String, "error_msg": String}}`,
  },
  {
    id: 'CK-RESP-SCHEMA',
    judge: (x) =>
      x.status !== 200 || createKeyResponse(x.json)
        ? undefined
        : `Received 200 with body ${x.text.slice(0, 200)}; expected {"key_info": {"key_id": String, "domain_id": String}}`,
  },
  {
    id: 'CK-RESP-KEY-ID-FORMAT',
    judge: (x) => {
      const id = (x.json as { key_info?: { key_id?: unknown } } | undefined)?.key_info?.key_id;
      return x.status !== 200 || typeof id !== 'string' || keyIdFormat(id)
        ? undefined
        : `Received key_id ${JSON.stringify(id)}; expected 36 characters [0-9a-z] in 8-4-4-4-12 form`;
    },
  },
  {
    id: 'CK-RESP-DOMAIN-ID-FORMAT',
    judge: (x) => {
      const id = (x.json as { key_info?: { domain_id?: unknown } } | undefined)?.key_info?.domain_id;
      return x.status !== 200 || typeof id !== 'string' || domainIdFormat(id)
        ? undefined
        : `Received domain_id ${JSON.stringify(id)}; expected 32 lowercase hex characters`;
    },
  },
  {
    id: 'CK-ERROR-CODE-FORMAT',
    judge: (x) => {
      const code = (x.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code;
      return x.status < 400 || typeof code !== 'string' || /^(KMS|APIGW)\.\d{4}$/.test(code)
        ? undefined
        : `Received error_code ${JSON.stringify(code)}; expected KMS.NNNN`;
    },
  },
  {
    id: 'CK-CONTENT-TYPE',
    judge: (x) => {
      const type = x.headers['content-type'] ?? '';
      return x.text === '' || /^application\/json\s*(;|$)/i.test(type)
        ? undefined
        : `Received Content-Type ${JSON.stringify(type)}; expected application/json`;
    },
  },
];

export function observe(exchange: Exchange, test: string): void {
  for (const { id, judge } of observers) {
    if (requirement(id).levels[run.edition] === undefined) continue;
    const message = judge(exchange);
    if (message === undefined) continue;
    appendState(run.stateDir, 'findings', {
      id,
      message,
      exchangeId: exchange.id,
      test,
      request: exchange.request,
      response: { status: exchange.status, headers: exchange.headers, body: exchange.text.slice(0, 2000) },
      curl: toCurl(exchange),
    });
  }
}
