/**
 * Conformant variants: each takes the other side of a reading create-key.md §7 leaves open, or differs
 * from the reference in a way the spec does not care about. A run against any of them must exit 0.
 */
import { randomUUID } from 'node:crypto';
import type { KeyDetails } from '../../catalogue/api-types.js';
import { createKeyFields } from '../../catalogue/schemas.js';
import { cloudBehaviour, cloudDeviations } from '../cloud.js';
import { reject } from '../rejection.js';
import { asBody, normaliseAs, rewriteReply, str, validateAs, variant } from './helpers.js';
import type { Fault } from './types.js';

const otherCodes: Record<string, string> = {
  'KMS.1101': 'KMS.0308',
  'KMS.1103': 'KMS.0308',
  'KMS.0204': 'KMS.0308',
  'KMS.1115': 'KMS.0308',
  'KMS.0202': 'KMS.0214',
};

export const variants: readonly Fault[] = [
  variant('sequence-idempotent', '§7: a repeated sequence answers with the key it created first', (base) => {
    const bySequence = new Map<string, KeyDetails>();
    return {
      ...base,
      createKey(request, projectId, now) {
        const seen =
          request.sequence !== undefined ? bySequence.get(`${projectId}/${request.sequence}`) : undefined;
        if (seen) return seen;
        const created = base.createKey.call(this, request, projectId, now);
        if (!('rejected' in created) && request.sequence !== undefined)
          bySequence.set(`${projectId}/${request.sequence}`, created);
        return created;
      },
    };
  }),
  variant(
    'enterprise-project-refused',
    '§7: enterprise_project_id is validated; this account may not create in project "0"',
    (base) => ({
      ...base,
      validateCreateKey: (body) =>
        asBody(body)?.enterprise_project_id !== undefined
          ? reject(403, 'KMS.0307', 'No permission in enterprise project "0".')
          : base.validateCreateKey(body),
    }),
  ),
  variant(
    'create-key-only',
    'only create-key is offered: describe, list and deletion answer 404 KMS.0201',
    (base) => ({
      ...base,
      operation: () => reject(404, 'KMS.0201'),
    }),
  ),
  variant('duplicate-aliases-allowed', '§7: an alias already in use is accepted again', (base) => ({
    ...base,
    uniqueAliases: false,
  })),
  variant('ec-encrypt-allowed', '§7: EC keys accept ENCRYPT_DECRYPT', (base) => ({
    ...base,
    validateCreateKey: (body) => {
      const b = asBody(body);
      const ec = b && String(b.key_spec).startsWith('EC_') && b.key_usage === 'ENCRYPT_DECRYPT';
      return base.validateCreateKey(ec ? { ...b, key_spec: 'RSA_2048' } : body);
    },
  })),
  variant('asymmetric-encrypt-refused', '§7 (seed): RSA and SM2 keys refuse ENCRYPT_DECRYPT', (base) => ({
    ...base,
    validateCreateKey(body) {
      const b = asBody(body);
      if (
        base.config.edition === 'seed' &&
        b &&
        /^(RSA_|SM2)/.test(String(b.key_spec)) &&
        b.key_usage === 'ENCRYPT_DECRYPT'
      ) {
        return {
          rejected: true,
          status: 400,
          code: 'KMS.0308',
          message: 'Asymmetric keys are for signing only.',
        };
      }
      return base.validateCreateKey(body);
    },
  })),
  variant(
    'unknown-fields-ignored',
    '§7: unknown body fields are ignored, not refused',
    validateAs((b) => {
      const known = createKeyFields('current');
      const kept = Object.fromEntries(Object.entries(b).filter(([k]) => known.includes(k)));
      return Object.keys(kept).length === Object.keys(b).length ? undefined : kept;
    }),
  ),
  variant(
    'null-as-absent',
    '§7: null for an optional field means the field is absent (the default applies)',
    normaliseAs((b) => {
      const kept = Object.fromEntries(Object.entries(b).filter(([k, v]) => v !== null || k === 'key_alias'));
      return Object.keys(kept).length === Object.keys(b).length ? undefined : kept;
    }),
  ),
  variant(
    'sequence-any-length',
    '§7: a sequence of any length is accepted',
    validateAs((b) => (str(b.sequence) !== undefined ? { ...b, sequence: undefined } : undefined)),
  ),
  variant('large-body-accepted', '§7: the body limit is 2 MiB, not 64 KiB', (base) => ({
    ...base,
    bodyLimit: 2 * 1024 * 1024,
  })),
  variant('other-error-codes', '§7: other error codes and Chinese messages for the same faults', (base) => ({
    ...base,
    error(rejection) {
      return base.error.call(this, {
        ...rejection,
        code: otherCodes[rejection.code] ?? rejection.code,
        message: '请求参数有误。',
      });
    },
  })),
  variant(
    'extra-response-fields',
    'extra fields in every body: region_id in key_info, request_id beside it',
    rewriteReply((_status, body) => {
      const b = asBody(body);
      if (!b) return {};
      const keyInfo = asBody(b.key_info);
      return {
        body: {
          ...b,
          ...(keyInfo && { key_info: { ...keyInfo, region_id: 'reference-1' } }),
          request_id: randomUUID().replaceAll('-', ''),
        },
      };
    }),
  ),
  variant(
    'content-type-without-charset',
    'Content-Type is application/json without a charset',
    rewriteReply(() => ({ headers: { 'content-type': 'application/json' } })),
  ),
  variant(
    'header-name-casing',
    'header names sent in other casing (Content-Type, X-Request-Id)',
    (base) => ({
      ...base,
      reply(status, body) {
        const reply = base.reply(status, body);
        const headers = Object.fromEntries(
          Object.entries(reply.headers).map(([k, v]) => [
            k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()),
            v,
          ]),
        );
        return { ...reply, headers };
      },
    }),
    { wire: true },
  ),
  variant(
    'slow-and-closing',
    'every answer 15 ms late, with Connection: close',
    (base) => ({
      ...base,
      reply(status, body) {
        const reply = base.reply(status, body);
        return { ...reply, headers: { ...reply.headers, connection: 'close' }, delayMs: 15 };
      },
    }),
    { wire: true },
  ),
  {
    name: 'cloud',
    kind: 'variant',
    summary:
      'the cloud profile: a gateway in front (flat 401 for bad credentials, 429 past 150 requests/s), keys that settle for 300 ms',
    trips: [],
    deviations: cloudDeviations('seed'),
    profiles: ['live', 'default'],
    // Faster than the real 20/s so the gallery stays quick; throttled all the same (a run sends its hundreds of
    // requests in bursts).
    apply: (base) => cloudBehaviour(base, { rate: 150, burst: 50, settleMs: 300 }),
  },
];
