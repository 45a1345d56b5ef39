/**
 * The API gateway in front of the real service (huawei-kms.md §2.1, docs/spec/create-key.md §4). It answers
 * some requests itself, before KMS sees them, with a flat body `{"error_code": "APIGW.0xxx", "error_msg",
 * "request_id"}`. Its messages change without notice: an answer is recognised, and classified, by its code.
 */
import { TransportError } from './errors.js';
import type { RawResponse } from './http.js';

export interface GatewayAnswer {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
}

/**
 * What a gateway answer says about the run:
 * - `environment`: throttling, or the service behind the gateway did not answer (429, 5xx): not the target's
 *   failure, the checks that met it are errors;
 * - `credentials`: IAM refused the credentials (at start-up: the run cannot go on);
 * - `route`: no such API (a wrong endpoint);
 * - `request`: the gateway refused the request itself (too large, a bad header): judged as any answer is.
 */
export type GatewayKind = 'environment' | 'credentials' | 'route' | 'request';

const gatewayCode = /^APIGW\.\d{4}$/;

/** The gateway's answer, when this body is one: a flat object whose error_code is APIGW.NNNN. */
export function gatewayAnswer(json: unknown): GatewayAnswer | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { error_code: code, error_msg: message, request_id: requestId } = json as Record<string, unknown>;
  if (typeof code !== 'string' || !gatewayCode.test(code)) return undefined;
  return {
    code,
    message: typeof message === 'string' ? message : '',
    ...(typeof requestId === 'string' && { requestId }),
  };
}

export function gatewayKind(status: number, code: string): GatewayKind {
  if (status === 429 || code === 'APIGW.0308' || status >= 500) return 'environment';
  if (code === 'APIGW.0101') return 'route';
  if (status === 401 || status === 403 || credentialHints[code] !== undefined) return 'credentials';
  return 'request';
}

/** What a person should do about a refusal of the credentials, by the gateway's code. */
const credentialHints: Readonly<Record<string, string>> = {
  'APIGW.0301':
    'IAM did not accept the credentials: check --token (or --ak and --sk), that they belong to this account, and, for AK/SK, that this machine’s clock is within 15 minutes of the real time',
  'APIGW.0302':
    'IAM accepted the credentials but refused the call: give the user a KMS policy (for instance KMS Administrator) in this project',
  'APIGW.0307':
    'the token must be updated: it has expired (tokens last 24 hours), or it was issued for another region than --target’s; get a new token for that region',
};

export function credentialHint(code: string): string {
  return credentialHints[code] ?? 'the API gateway refused the credentials';
}

/**
 * The id the target gave this answer, for a support ticket: the X-Request-Id header (what Huawei's SDKs read),
 * else the request_id of a gateway body or of the error envelope.
 */
export function requestIdOf(headers: Readonly<Record<string, string>>, json: unknown): string | undefined {
  const header = headers['x-request-id'];
  if (header !== undefined && header !== '') return header;
  if (typeof json !== 'object' || json === null) return undefined;
  const body = json as { request_id?: unknown; error?: { request_id?: unknown } };
  const id = body.request_id ?? body.error?.request_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * An answer that is the environment speaking, not the target: a 429 (throttling, from the service or its
 * gateway), or a 5xx the API gateway gave because the service behind it did not answer. Neither is judged.
 */
export function environmentOf(
  response: RawResponse,
): { kind: 'throttled'; code?: string } | { kind: 'gateway'; error: TransportError } | undefined {
  if (response.status !== 429 && response.status < 500) return undefined;
  const gateway = gatewayAnswer(jsonOf(response.text));
  if (response.status === 429) return { kind: 'throttled', ...(gateway && { code: gateway.code }) };
  if (gateway === undefined || gatewayKind(response.status, gateway.code) !== 'environment') return undefined;
  const id = requestIdOf(response.headers, { request_id: gateway.requestId });
  return {
    kind: 'gateway',
    error: new TransportError(
      'KMSCT_ERR_GATEWAY',
      `the API gateway answered ${response.status} ${gateway.code}${id ? ` (request id ${id})` : ''}: the service behind it did not answer; an answer of the gateway is not judged`,
    ),
  };
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
