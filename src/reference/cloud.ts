/**
 * The cloud profile: the reference as a user's first run meets the real service (huawei-kms.md §2.1, §5, §7).
 * - An API gateway in front. It answers for the service with a flat body `{error_code: "APIGW.0xxx",
 *   error_msg, request_id}`: an unknown API (404 APIGW.0101), credentials IAM refuses (401 APIGW.0301, where
 *   the service would answer 403 KMS.0301/0302), and more requests than the account's rate (429 APIGW.0308,
 *   with no Retry-After).
 * - Keys that settle: a new key is not found (404 KMS.0207) by describe, list or deletion for the first half of
 *   the settle window, then shows key_state "1" (waiting to be enabled) for the second half.
 * - A request id on every answer (X-Request-Id, as the reference always sends), and in the gateway's bodies.
 * Its deviations from the seed page are the gateway's: `cloudDeviations` lists them; the README too.
 */
import type { KeyDetails } from '../catalogue/api-types.js';
import type { Edition } from '../catalogue/types.js';
import type { Behaviour } from './behaviour.js';
import { reject } from './rejection.js';
import type { Rejection } from './types.js';

export interface CloudProfile {
  /** Requests per second the gateway lets through (the real KMS: 20 per user); more are answered 429. */
  readonly rate: number;
  /** Requests the gateway lets through at once before the rate applies. */
  readonly burst: number;
  /** How long a new key takes to settle: not found for the first half, state "1" for the second. */
  readonly settleMs: number;
}

export const cloudDefaults: CloudProfile = { rate: 20, burst: 20, settleMs: 600 };

/** Service refusals of credentials that the gateway gives instead, as IAM's. */
const refusedByIam = new Set(['KMS.0301', 'KMS.0302', 'KMS.0303']);

/**
 * The requirements a run against the cloud profile fails, every failure an answer of the gateway (a team
 * accepts them as known deviations): its 401 with the flat body where the page documents 403 with the
 * envelope (the seed edition; the current one documents 401, so only the body differs there).
 */
export function cloudDeviations(edition: Edition): readonly string[] {
  const deviations = ['CK-AUTH-MISSING', 'CK-AUTH-EMPTY', 'CK-AUTH-INVALID', 'CK-ERROR-ENVELOPE'];
  return edition === 'seed' ? [...deviations, 'CK-STATUS-DOCUMENTED'] : deviations;
}

const gateway = (status: number, code: string, message: string): Rejection => ({
  rejected: true,
  status,
  code,
  message,
});

export function cloudBehaviour(base: Behaviour, profile: CloudProfile = cloudDefaults): Behaviour {
  const born = new Map<string, number>();
  let tokens = profile.burst;
  let refilledAt = Date.now();
  /** Not yet readable, or waiting to be enabled, or settled. */
  const phase = (keyId: string, now: number): 'absent' | 'pending' | 'settled' => {
    const at = born.get(keyId);
    if (at === undefined) return 'settled';
    const age = now - at;
    if (age >= profile.settleMs) {
      born.delete(keyId);
      return 'settled';
    }
    return age < profile.settleMs / 2 ? 'absent' : 'pending';
  };
  return {
    ...base,
    admit(req) {
      const now = req.now.getTime();
      tokens = Math.min(profile.burst, tokens + ((now - refilledAt) / 1000) * profile.rate);
      refilledAt = now;
      if (tokens < 1)
        return gateway(
          429,
          'APIGW.0308',
          `The throttling threshold has been reached: policy user over ratelimit,limit:${profile.rate},time:1 second`,
        );
      tokens -= 1;
      return base.admit?.(req);
    },
    authenticate(req, urlProjectId) {
      const result = base.authenticate(req, urlProjectId);
      if (!('rejected' in result) || !refusedByIam.has(result.code)) return result;
      return gateway(401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail');
    },
    createKey(request, projectId, now) {
      const created = base.createKey.call(this, request, projectId, now);
      if (!('rejected' in created)) born.set(created.key_id, now.getTime());
      return created;
    },
    operation(name, keys, body, now) {
      const keyId = (body as { key_id?: unknown } | undefined)?.key_id;
      const seen = typeof keyId === 'string' ? phase(keyId, now.getTime()) : 'settled';
      if (seen === 'absent' && name !== 'list-keys') return reject(404, 'KMS.0207');
      const result = base.operation.call(this, name, keys, body, now);
      if ('rejected' in result) return result;
      if (name === 'describe-key' && seen === 'pending') {
        const info = (result.body as { key_info: KeyDetails }).key_info;
        return { body: { key_info: { ...info, key_state: '1' } } };
      }
      if (name === 'list-keys') return { body: unlisted(result.body, (id) => phase(id, now.getTime())) };
      return result;
    },
    error(rejection) {
      if (rejection.status === 404 && rejection.code === 'KMS.0201')
        return flat(
          this,
          404,
          'APIGW.0101',
          'The API does not exist or has not been published in the environment',
        );
      if (!rejection.code.startsWith('APIGW.')) return base.error.call(this, rejection);
      return flat(this, rejection.status, rejection.code, rejection.message);
    },
  };
}

/** The gateway's answer: flat, with the request id of the answer in the body as well as in the header. */
function flat(behaviour: Behaviour, status: number, code: string, message: string) {
  const reply = behaviour.reply(status, {});
  const requestId = reply.headers['x-request-id'] ?? '';
  return {
    ...reply,
    body: JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }),
  };
}

/** A page of list-keys without the keys that are not readable yet. */
function unlisted(body: unknown, phaseOf: (keyId: string) => string): unknown {
  const page = body as { keys: string[]; key_details: KeyDetails[]; total?: number };
  const hidden = new Set(page.keys.filter((id) => phaseOf(id) === 'absent'));
  if (hidden.size === 0) return body;
  return {
    ...page,
    keys: page.keys.filter((id) => !hidden.has(id)),
    key_details: page.key_details.filter((k) => !hidden.has(k.key_id)),
    ...(typeof page.total === 'number' && { total: page.total - hidden.size }),
  };
}
