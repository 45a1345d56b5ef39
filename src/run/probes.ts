/**
 * The start-up checks: does the target answer create-key as a KMS does, with these credentials; and which
 * optional operations it offers. A start-up failure says what was seen and what to try.
 */
import { codeOf, noSuchOperation } from '../catalogue/answers.js';
import { errorEnvelope, listKeysResponse } from '../catalogue/schemas.js';
import type { Capability } from '../config/run-context.js';
import { KmsctError } from '../errors.js';
import type { KmsClient } from '../transport/client.js';
import { TransportError } from '../transport/errors.js';
import { credentialHint, gatewayAnswer, gatewayKind, requestIdOf } from '../transport/gateway.js';

export type StartupCode =
  | 'KMSCT_ERR_TARGET_UNREACHABLE'
  | 'KMSCT_ERR_TLS'
  | 'KMSCT_ERR_THROTTLED'
  | 'KMSCT_ERR_CREDENTIALS'
  | 'KMSCT_ERR_NOT_KMS';

export class RunError extends KmsctError {
  override name = 'RunError';
  declare readonly code: StartupCode;
  constructor(code: StartupCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

const absentKeyId = '00000000-0000-4000-8000-000000000000';

const oversized = Symbol('oversized');

const startupCodeOf = (error: TransportError): StartupCode =>
  error.code === 'KMSCT_ERR_TLS'
    ? 'KMSCT_ERR_TLS'
    : error.code === 'KMSCT_ERR_THROTTLED'
      ? 'KMSCT_ERR_THROTTLED'
      : 'KMSCT_ERR_TARGET_UNREACHABLE';

/**
 * Runs a start-up request; a transport failure becomes a start-up error that says what happened. An answer
 * over the size limit is still an answer (the target is there and speaks): `oversized`, for the caller.
 */
async function startup<T>(what: string, request: () => Promise<T>): Promise<T | typeof oversized> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    if (error.code === 'KMSCT_ERR_RESPONSE_TOO_LARGE') return oversized;
    const seen =
      error.code === 'KMSCT_ERR_TIMEOUT' ||
      error.code === 'KMSCT_ERR_UNREACHABLE' ||
      error.code === 'KMSCT_ERR_STOPPED'
        ? 'the target did not answer'
        : error.code === 'KMSCT_ERR_TLS'
          ? 'the TLS handshake failed'
          : error.code === 'KMSCT_ERR_THROTTLED'
            ? 'throttled'
            : error.code === 'KMSCT_ERR_GATEWAY'
              ? 'the service behind the API gateway is unavailable; try again later'
              : 'the target answered, but not usably';
    const code = startupCodeOf(error);
    // The cause's own code, unless it is the same as this one's.
    const cause = error.code === code ? error.detail : error.message;
    throw new RunError(code, `${what}: ${seen}: ${cause}`, { cause: error });
  }
}

/** An empty create-key: a KMS answers 400 (no key_alias); 401/403 means the credentials are refused. */
export async function preflight(client: KmsClient): Promise<void> {
  const x = await startup('create-key {}', () => client.call('create-key', {}));
  // Too large to read: the checks will say what is wrong with such answers.
  if (x === oversized) return;
  const gateway = gatewayAnswer(x.json);
  const id = requestIdOf(x.headers, x.json);
  const quoted = id ? ` (request id ${id})` : '';
  if (gateway && gatewayKind(x.status, gateway.code) === 'credentials')
    throw new RunError(
      'KMSCT_ERR_CREDENTIALS',
      `the API gateway refused the credentials: create-key answered ${x.status} ${gateway.code}${quoted}: ${credentialHint(gateway.code)}`,
    );
  if (x.status === 401 || x.status === 403)
    throw new RunError(
      'KMSCT_ERR_CREDENTIALS',
      `the target refused the credentials: create-key answered ${x.status} ${x.text.slice(0, 200)}${quoted}`,
    );
  if (x.status === 404 || x.status === 405 || x.status === 410)
    throw new RunError(
      'KMSCT_ERR_NOT_KMS',
      `create-key answered ${x.status} (${x.headers['content-type'] ?? 'no Content-Type'}) ${x.text.slice(0, 120)}: is --target the KMS endpoint (https://kms.<region>.myhuaweicloud.com) and --project-id right?`,
    );
}

export async function probeDescribe(client: KmsClient): Promise<Capability> {
  const x = await startup('describe-key probe', () => client.call('describe-key', { key_id: absentKeyId }));
  // An answer too large to read does not say the operation is missing: its checks run, and say what they see.
  if (x === oversized)
    return {
      supported: true,
      reason: 'describe-key of an absent key answered with more than the size limit',
    };
  const code = codeOf(x) ?? '';
  const supported =
    x.status === 200 ||
    ((x.status === 400 || x.status === 404) && errorEnvelope(x.json) && !noSuchOperation.has(code));
  return { supported, reason: `describe-key of an absent key answered ${x.status} ${code}`.trim() };
}

export async function probeList(client: KmsClient): Promise<Capability> {
  const x = await startup('list-keys probe', () => client.call('list-keys', { limit: '1' }));
  if (x === oversized) return { supported: true, reason: 'list-keys answered with more than the size limit' };
  const supported = x.status === 200 && listKeysResponse(x.json);
  return {
    supported,
    reason: `list-keys answered ${x.status}${x.status === 200 && !supported ? ' with a body outside list-keys-response.schema.json' : ''}`,
  };
}
