/**
 * How the spec's answers read: the statuses an edition documents, an error answer's code, the key a success
 * names. Readers only; what an answer must be is judged in src/judge/answers.ts.
 */
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

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** The answer's error code, when it has one that is a string. */
export function codeOf(x: { readonly json: unknown }): string | undefined {
  const code = (x.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code;
  return typeof code === 'string' ? code : undefined;
}

/** The key a success answer names: key_info as documented, or the same fields at the top level. */
export function keyInfoOf(
  x: { readonly status: number; readonly json: unknown } | undefined,
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

/** Codes that say "no such operation", not "no such key" (a gateway's "no such API" among them). */
export const noSuchOperation = new Set(['KMS.0201', 'KMS.0215', 'APIGW.0101']);

/**
 * Why an answer to a read of a key just made does not count yet (§6): the key is not found (404), or it is
 * waiting to be enabled (state "1", which no create ends in). Undefined: the answer counts.
 */
export function notSettled(x: { readonly status: number; readonly json: unknown }): string | undefined {
  if (x.status === 404) {
    const code = codeOf(x) ?? (x.json as { error_code?: unknown } | undefined)?.error_code;
    return typeof code === 'string' && noSuchOperation.has(code)
      ? undefined
      : `404${code ? ` ${code}` : ''}: not found yet`;
  }
  const state = (x.json as { key_info?: { key_state?: unknown } } | undefined)?.key_info?.key_state;
  return isSuccess(x.status) && state === '1' ? 'key_state "1": waiting to be enabled' : undefined;
}
