import type { ErrorObject } from 'ajv/dist/2020.js';
import type { CreateKeyRequest, KeyDetails } from '../catalogue/api-types.js';
import {
  type ErrorCode,
  fieldErrorCodes,
  missingParameterCode,
  otherFieldErrorCode,
} from '../catalogue/error-codes.js';
import { requirement } from '../catalogue/index.js';
import { createKeyFields, createKeyParts, explainErrors, symmetricKeySpecs } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import { reject } from './rejection.js';
import { type KeyStore, newKeyDetails } from './store.js';
import type { Rejection } from './types.js';

// The order in which the reference reports field errors when a body breaks several rules at once:
// the documented order (the current edition's fields include the seed's).
const fieldOrder = createKeyFields('current');

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return error.instancePath.split('/')[1] ?? '';
}

/** Missing fields first, then fields in documented order; within a field a wrong type before anything else. */
function rank(error: ErrorObject): number {
  if (error.keyword === 'required') return -1;
  const index = fieldOrder.indexOf(fieldOf(error));
  return (index === -1 ? fieldOrder.length : index) * 2 + (error.keyword === 'type' ? 0 : 1);
}

/** Each edition's cross-field rules, then the reference's policy: in the order they are checked. */
const crossFieldChecks = {
  seed: [...createKeyParts.seed.rules, ...createKeyParts.seed.policy],
  current: [...createKeyParts.current.rules, ...createKeyParts.current.policy],
} as const;

/**
 * Validates a create-key body with the schemas of src/spec: per-field constraints first, then each
 * cross-field rule of the edition, then the reference's policy on open readings. Codes come from
 * error-codes.ts (fields) and the catalogue (rules), never from this file.
 */
export function validateCreateKey(body: unknown, edition: Edition): Rejection | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reject(400, 'KMS.0202', 'The body must be a JSON object.');
  }
  const parts = createKeyParts[edition];
  if (!parts.fields(body)) {
    const errors = [...(parts.fields.errors ?? [])].sort((a, b) => rank(a) - rank(b));
    const first = errors[0];
    if (!first) return reject(400, otherFieldErrorCode);
    const code: ErrorCode =
      first.keyword === 'required'
        ? missingParameterCode
        : (fieldErrorCodes.get(fieldOf(first)) ?? otherFieldErrorCode);
    return reject(400, code, explainErrors([first], body));
  }
  for (const rule of crossFieldChecks[edition]) {
    if (rule.validate(body)) continue;
    const ref = requirement(rule.id).reference;
    return reject(
      ref?.status ?? 400,
      (ref?.code as ErrorCode | undefined) ?? otherFieldErrorCode,
      `(${rule.id})`,
    );
  }
  return undefined;
}

export interface CreateContext {
  readonly store: KeyStore;
  readonly projectId: string;
  readonly domainId: string;
  readonly quota: number;
  readonly newKeyId: () => string;
  readonly uniqueAliases: boolean;
  readonly now: Date;
}

/** Creates a valid request's key: defaults filled in, alias unique in the project, quota kept. */
export function createKey(request: CreateKeyRequest, ctx: CreateContext): Rejection | KeyDetails {
  const keys = ctx.store.project(ctx.projectId);
  if (ctx.uniqueAliases && keys.aliasInUse(request.key_alias)) return reject(400, 'KMS.1104');
  if (keys.customCount >= ctx.quota) return reject(400, 'KMS.1105');
  const spec = request.key_spec ?? 'AES_256';
  const symmetric = symmetricKeySpecs.includes(spec);
  const details = newKeyDetails({
    keyId: ctx.newKeyId(),
    domainId: ctx.domainId,
    alias: request.key_alias,
    spec,
    usage: request.key_usage ?? (symmetric ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY'),
    description: request.key_description ?? '',
    origin: request.origin ?? 'kms',
    defaultKey: false,
    enterpriseProjectId: request.enterprise_project_id ?? '0',
    now: ctx.now,
  });
  keys.add(details);
  return details;
}
