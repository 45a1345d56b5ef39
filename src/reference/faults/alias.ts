import { reject } from '../rejection.js';
import type { Fault } from './types.js';

const aliasOf = (body: unknown) => (body as { key_alias?: unknown } | null)?.key_alias;

export const aliasFaults: readonly Fault[] = [
  {
    name: 'alias-max-256',
    summary: 'off by one: an alias of 256 characters is accepted',
    trips: [{ id: 'CK-ALIAS-LENGTH-INVALID', level: 'MUST' }],
    apply: (base) => ({
      ...base,
      validateCreateKey(body) {
        const alias = aliasOf(body);
        if (typeof alias === 'string' && alias.length === 256 && /^[a-zA-Z0-9:/_-]+$/.test(alias)) {
          return base.validateCreateKey({ ...(body as object), key_alias: alias.slice(0, 255) });
        }
        return base.validateCreateKey(body);
      },
    }),
  },
  {
    name: 'default-suffix-accepted',
    summary: 'the /default suffix is not reserved',
    trips: [{ id: 'CK-ALIAS-DEFAULT-SUFFIX', level: 'MUST' }],
    apply: (base) => ({
      ...base,
      validateCreateKey(body) {
        const alias = aliasOf(body);
        if (typeof alias === 'string' && alias.endsWith('/default')) {
          return base.validateCreateKey({
            ...(body as object),
            key_alias: `${alias.slice(0, -8)}_default` || 'x',
          });
        }
        return base.validateCreateKey(body);
      },
    }),
  },
  {
    name: 'duplicate-alias-accepted',
    summary: 'a second key may take an alias already in use',
    trips: [{ id: 'CK-ALIAS-DUPLICATE', level: 'SHOULD' }],
    apply: (base) => ({
      ...base,
      createKey(request, projectId, now) {
        const first = base.createKey(request, projectId, now);
        if ('rejected' in first && first.code === 'KMS.1104') {
          return base.createKey(
            { ...request, key_alias: `${request.key_alias}#dup${Math.random()}` },
            projectId,
            now,
          );
        }
        return first;
      },
    }),
  },
  {
    name: 'empty-alias-accepted',
    summary: 'an empty alias is accepted (minLength forgotten)',
    trips: [{ id: 'CK-ALIAS-LENGTH-INVALID', level: 'MUST' }],
    apply: (base) => ({
      ...base,
      validateCreateKey(body) {
        if (aliasOf(body) === '') return base.validateCreateKey({ ...(body as object), key_alias: 'empty' });
        return base.validateCreateKey(body);
      },
    }),
  },
  {
    name: 'alias-missing-500',
    summary: 'a missing key_alias crashes the handler with 500',
    trips: [
      { id: 'CK-ALIAS-REQUIRED', level: 'MUST' },
      { id: 'CK-STATUS-DOCUMENTED', level: 'MUST' },
    ],
    apply: (base) => ({
      ...base,
      validateCreateKey(body) {
        if (typeof body === 'object' && body !== null && aliasOf(body) === undefined)
          return reject(500, 'KMS.0204');
        return base.validateCreateKey(body);
      },
    }),
  },
];
