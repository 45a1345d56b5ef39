/** Faults in answers: statuses, the error envelope, the 200 body, authentication, robustness. */
import { randomBytes, randomUUID } from 'node:crypto';
import { keySpecs } from '../../catalogue/schemas.js';
import { parseAuthorization } from '../../transport/signing.js';
import { reject } from '../rejection.js';
import { asBody, fault, rewriteReply } from './helpers.js';

const hasKeyInfo = (body: unknown) => asBody(body)?.key_info !== undefined;
const keyInfo = (body: unknown) => asBody(asBody(body)?.key_info) ?? {};

export const responseFaults = [
  fault(
    'missing-domain-id',
    'the 200 body omits key_info.domain_id',
    [['CK-RESP-SCHEMA', 'MUST']],
    (base) => ({
      ...base,
      createdBody: (details) => ({ key_info: { key_id: details.key_id } }),
    }),
  ),
  fault(
    'flat-key-info',
    'the 200 body has key_id and domain_id at the top level',
    [['CK-RESP-SCHEMA', 'MUST']],
    (base) => ({
      ...base,
      createdBody: (details) => ({ key_id: details.key_id, domain_id: details.domain_id }),
    }),
  ),
  fault('numeric-domain-id', 'domain_id is a number', [['CK-RESP-SCHEMA', 'MUST']], (base) => ({
    ...base,
    createdBody: (details) => ({ key_info: { key_id: details.key_id, domain_id: 4242 } }),
  })),
  fault(
    'uppercase-key-id',
    'key ids are upper-case UUIDs',
    [['CK-RESP-KEY-ID-FORMAT', 'SHOULD']],
    (base) => ({
      ...base,
      newKeyId: () => randomUUID().toUpperCase(),
    }),
  ),
  fault(
    'flat-error-body',
    'errors use the flat gateway shape instead of the KMS envelope',
    [['CK-ERROR-ENVELOPE', 'MUST']],
    (base) => ({
      ...base,
      error(rejection) {
        return this.reply(rejection.status, { error_code: rejection.code, error_msg: rejection.message });
      },
    }),
  ),
  fault(
    'created-201',
    'a created key is answered 201',
    [
      ['CK-CREATE-MINIMAL', 'MUST'],
      ['CK-STATUS-DOCUMENTED', 'MUST'],
    ],
    rewriteReply((status, body) =>
      status === 200 && hasKeyInfo(body) && !asBody(keyInfo(body))?.key_alias ? { status: 201 } : {},
    ),
  ),
  fault(
    'validation-422',
    'wrong parameters are answered 422',
    [
      ['CK-STATUS-DOCUMENTED', 'MUST'],
      ['CK-ALIAS-LENGTH-INVALID', 'MUST'],
    ],
    rewriteReply((status) => (status === 400 ? { status: 422 } : {})),
  ),
  fault(
    'error-text-plain',
    'errors are declared text/plain',
    [['CK-CONTENT-TYPE', 'SHOULD']],
    rewriteReply((status) => (status >= 400 ? { headers: { 'content-type': 'text/plain' } } : {})),
  ),
  fault(
    'error-code-lowercase',
    'error codes are written "kms.1101"',
    [['CK-ERROR-CODE-FORMAT', 'SHOULD']],
    (base) => ({
      ...base,
      error(rejection) {
        return this.reply(rejection.status, {
          error: { error_code: rejection.code.toLowerCase(), error_msg: rejection.message },
        });
      },
    }),
  ),
  fault(
    'missing-token-accepted',
    'a request without X-Auth-Token is treated as the project owner',
    [['CK-AUTH-MISSING', 'MUST']],
    (base) => ({
      ...base,
      authenticate: (req, project) =>
        req.headers['x-auth-token'] === undefined && req.headers.authorization === undefined
          ? { projectId: project }
          : base.authenticate(req, project),
    }),
  ),
  fault('empty-token-accepted', 'an empty X-Auth-Token is accepted', [['CK-AUTH-EMPTY', 'MUST']], (base) => ({
    ...base,
    authenticate: (req, project) =>
      req.headers['x-auth-token'] === '' ? { projectId: project } : base.authenticate(req, project),
  })),
  fault(
    'any-token-accepted',
    'any non-empty X-Auth-Token is accepted',
    [['CK-AUTH-INVALID', 'MUST']],
    (base) => ({
      ...base,
      authenticate: (req, project) =>
        req.headers['x-auth-token'] ? { projectId: project } : base.authenticate(req, project),
    }),
  ),
  fault(
    'project-unchecked',
    'a token may create keys in any project',
    [['CK-AUTH-OTHER-PROJECT', 'SHOULD']],
    (base) => ({
      ...base,
      authenticate(req, project) {
        const result = base.authenticate(req, project);
        return 'rejected' in result && result.code === 'KMS.0321' ? { projectId: project } : result;
      },
    }),
  ),
  fault(
    'auth-401',
    'authentication failures are answered 401 (seed documents 403)',
    [['CK-AUTH-MISSING', 'MUST']],
    rewriteReply((status) => (status === 403 ? { status: 401 } : {})),
  ),
  fault(
    'signature-unchecked',
    'any signature of a known AK is accepted',
    [['CK-AUTH-SIGNATURE', 'SHOULD']],
    (base) => ({
      ...base,
      authenticate: (req, project) =>
        parseAuthorization(req.headers.authorization ?? '')?.ak === base.config.ak
          ? { projectId: project }
          : base.authenticate(req, project),
    }),
  ),
  fault(
    'malformed-json-500',
    'a body that is not JSON crashes the handler with 500',
    [['CK-ROBUST-MALFORMED-JSON', 'MUST']],
    (base) => ({
      ...base,
      parseBody(body) {
        const parsed = base.parseBody(body);
        return 'rejected' in parsed ? reject(500, 'KMS.0202') : parsed;
      },
    }),
  ),
  fault(
    'array-body-500',
    'a JSON array body crashes the handler with 500',
    [['CK-ROBUST-NOT-AN-OBJECT', 'MUST']],
    (base) => ({
      ...base,
      validateCreateKey: (body) =>
        Array.isArray(body) ? reject(500, 'KMS.0202') : base.validateCreateKey(body),
    }),
  ),
  fault(
    'large-body-413',
    'a body over the limit is answered 413, a status the seed does not document',
    [
      ['CK-ROBUST-LARGE-BODY', 'SHOULD'],
      ['CK-STATUS-DOCUMENTED', 'MUST'],
    ],
    (base) => ({
      ...base,
      error(rejection) {
        return base.error.call(
          this,
          rejection.code === 'KMS.0203' ? { ...rejection, status: 413 } : rejection,
        );
      },
    }),
  ),
  fault(
    'reused-key-id',
    'every key gets the same key_id',
    [
      ['CK-KEY-ID-UNIQUE', 'MUST'],
      ['CK-CONCURRENT-DISTINCT-IDS', 'MUST'],
    ],
    (base) => ({
      ...base,
      createdBody: (details) => ({
        key_info: { key_id: '00000000-0000-4000-8000-000000000000', domain_id: details.domain_id },
      }),
    }),
  ),
  fault(
    'racy-key-id-counter',
    'key ids come from a counter that is read on arrival and advanced after the turn: creates that arrive together share one',
    [['CK-CONCURRENT-DISTINCT-IDS', 'MUST']],
    (base) => {
      let next = 1;
      return {
        ...base,
        newKeyId: () => {
          const id = next;
          // The write-back happens later, as after an await on a store: a lost update under concurrency.
          setImmediate(() => {
            next = id + 1;
          });
          return `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
        },
      };
    },
  ),
  fault(
    'domain-id-per-key',
    "each create reports a new domain_id (describe-key keeps the account's)",
    [
      ['CK-DOMAIN-ID-STABLE', 'SHOULD'],
      ['CK-DESCRIBE-ECHO', 'MUST'],
    ],
    (base) => ({
      ...base,
      createdBody: (details) => ({
        key_info: { key_id: details.key_id, domain_id: randomBytes(16).toString('hex') },
      }),
    }),
  ),
  fault(
    'describe-drops-description',
    'describe-key returns an empty key_description',
    [['CK-DESCRIBE-ECHO', 'MUST']],
    (base) => ({
      ...base,
      operation(name, keys, body, now) {
        const result = base.operation(name, keys, body, now);
        if (name !== 'describe-key' || 'rejected' in result) return result;
        return { body: { key_info: { ...(keyInfo(result.body) as object), key_description: '' } } };
      },
    }),
  ),
  fault('created-disabled', 'keys are created disabled ("3")', [['CK-KEY-ENABLED', 'SHOULD']], (base) => ({
    ...base,
    createKey(request, projectId, now) {
      const created = base.createKey.call(this, request, projectId, now);
      if ('rejected' in created || created.origin === 'external') return created;
      return base.store.project(projectId).setState(created.key_id, '3', '') ?? created;
    },
  })),
  fault(
    'rejected-but-stored',
    'a create refused for a bad key_spec still stores the key',
    [['CK-REJECT-NO-SIDE-EFFECT', 'SHOULD']],
    (base) => ({
      ...base,
      // The refused body never reaches createKey, so the leak happens here, with the project of the URL.
      authenticate(req, project) {
        const result = base.authenticate(req, project);
        const body = asBody(safeJson(req.body));
        if (
          !('rejected' in result) &&
          typeof body?.key_alias === 'string' &&
          typeof body.key_spec === 'string' &&
          !keySpecs.includes(body.key_spec)
        ) {
          base.createKey({ key_alias: body.key_alias }, result.projectId, req.now);
        }
        return result;
      },
    }),
  ),
  fault(
    'deletion-6-days',
    'schedule-key-deletion accepts 6 days',
    [['CK-DELETION-SCHEDULE', 'SHOULD']],
    (base) => ({
      ...base,
      operation: (name, keys, body, now) =>
        base.operation(
          name,
          keys,
          name === 'schedule-key-deletion' && asBody(body)?.pending_days === '6'
            ? { ...asBody(body), pending_days: '7' }
            : body,
          now,
        ),
    }),
  ),
];

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
