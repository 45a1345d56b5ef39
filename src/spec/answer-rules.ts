/**
 * Rules every create-key answer must keep, whatever the request: judged on each answer of the run (the
 * always-on observers). Pure: an answer is status, headers and body.
 */
import { requirement } from './catalogue/index.js';
import { createKeyResponse, domainIdFormat, errorEnvelope, keyIdFormat } from './schemas.js';
import type { Edition } from './types.js';

export interface Answer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

export const documentedStatuses: Readonly<Record<Edition, readonly number[]>> = {
  seed: [200, 400, 403],
  current: [200, 400, 401, 403, 404, 500, 502, 504],
};

type Judge = (x: Answer, edition: Edition) => string | undefined;

const keyInfo = (x: Answer) =>
  (x.json as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)?.key_info;
const errorCode = (x: Pick<Answer, 'json'>) =>
  (x.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code;

/** The answer's error code, when it has one that is a string. */
export const codeOf = (x: { json: unknown }): string | undefined => {
  const code = errorCode(x);
  return typeof code === 'string' ? code : undefined;
};

/** Each rule: requirement id → a message when the answer breaks it. */
export const answerRules: readonly { readonly id: string; readonly judge: Judge }[] = [
  {
    id: 'CK-STATUS-DOCUMENTED',
    judge: (x, edition) =>
      documentedStatuses[edition].includes(x.status)
        ? undefined
        : `Received status ${x.status}; expected one of ${documentedStatuses[edition].join(', ')} (${edition} edition)`,
  },
  {
    id: 'CK-ROBUST-NO-SERVER-ERROR',
    judge: (x) =>
      x.status < 500
        ? undefined
        : `Received ${x.status} ${x.text.slice(0, 200)}; expected 200 or a 4xx: no input may cause a server error`,
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
      const id = keyInfo(x)?.key_id;
      return x.status !== 200 || typeof id !== 'string' || keyIdFormat(id)
        ? undefined
        : `Received key_id ${JSON.stringify(id)}; expected 36 characters [0-9a-z] in 8-4-4-4-12 form`;
    },
  },
  {
    id: 'CK-RESP-DOMAIN-ID-FORMAT',
    judge: (x) => {
      const id = keyInfo(x)?.domain_id;
      return x.status !== 200 || typeof id !== 'string' || domainIdFormat(id)
        ? undefined
        : `Received domain_id ${JSON.stringify(id)}; expected 32 lowercase hex characters`;
    },
  },
  {
    id: 'CK-ERROR-CODE-FORMAT',
    judge: (x) => {
      const code = errorCode(x);
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

/** The rules of the edition that an answer breaks, with the message for each. */
export function judgeAnswer(
  x: Answer,
  edition: Edition,
): { readonly id: string; readonly message: string }[] {
  return answerRules.flatMap(({ id, judge }) => {
    if (requirement(id).levels[edition] === undefined) return [];
    const message = judge(x, edition);
    return message === undefined ? [] : [{ id, message }];
  });
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** The key a success answer names: key_info as documented, or the same fields at the top level. */
export function keyInfoOf(
  x: { status: number; json: unknown } | undefined,
): { key_id: string; domain_id: string } | undefined {
  if (!x || !isSuccess(x.status)) return undefined;
  const json = x.json as
    | { key_info?: { key_id?: unknown; domain_id?: unknown }; key_id?: unknown; domain_id?: unknown }
    | undefined;
  const info = typeof json?.key_info === 'object' && json.key_info !== null ? json.key_info : json;
  return typeof info?.key_id === 'string'
    ? { key_id: info.key_id, domain_id: typeof info.domain_id === 'string' ? info.domain_id : '' }
    : undefined;
}
