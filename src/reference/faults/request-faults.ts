/** Faults in request validation: aliases, key spec × usage × origin, description, optional fields. */
import { reject } from '../rejection.js';
import { createAs, fault, normaliseAs, refuseWhen, str, validateAs } from './helpers.js';

const allowed = /^[a-zA-Z0-9:/_-]+$/;

export const requestFaults = [
  fault(
    'alias-max-256',
    'off by one: an alias of 256 characters is accepted',
    [['CK-ALIAS-LENGTH-INVALID', 'MUST']],
    validateAs((b) =>
      str(b.key_alias)?.length === 256 ? { ...b, key_alias: str(b.key_alias)?.slice(0, 255) } : undefined,
    ),
  ),
  fault(
    'alias-max-254',
    'off by one: an alias of 255 characters is refused',
    [['CK-ALIAS-LENGTH-VALID', 'MUST']],
    refuseWhen((b) => str(b.key_alias)?.length === 255, reject(400, 'KMS.1101')),
  ),
  fault(
    'empty-alias-accepted',
    'minLength forgotten: an empty alias is accepted',
    [['CK-ALIAS-LENGTH-INVALID', 'MUST']],
    validateAs((b) => (b.key_alias === '' ? { ...b, key_alias: 'empty' } : undefined)),
  ),
  fault(
    'alias-missing-500',
    'a missing key_alias crashes the handler with 500',
    [['CK-ALIAS-REQUIRED', 'MUST']],
    refuseWhen((b) => b.key_alias === undefined, reject(500, 'KMS.0204')),
  ),
  fault(
    'default-suffix-accepted',
    'the /default suffix is not reserved',
    [['CK-ALIAS-DEFAULT-SUFFIX', 'MUST']],
    validateAs((b) =>
      str(b.key_alias)?.endsWith('/default')
        ? { ...b, key_alias: `${str(b.key_alias)?.slice(0, -8)}_default` }
        : undefined,
    ),
  ),
  fault(
    'default-substring-refused',
    'any alias containing "default" is refused, not just the suffix',
    [['CK-ALIAS-DEFAULT-LOOKALIKE', 'MUST']],
    refuseWhen((b) => str(b.key_alias)?.toLowerCase().includes('default') === true, reject(400, 'KMS.1101')),
  ),
  fault(
    'alias-dot-accepted',
    'the alias pattern lets "." through',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    validateAs((b) =>
      str(b.key_alias)?.includes('.')
        ? { ...b, key_alias: str(b.key_alias)?.replaceAll('.', '_') }
        : undefined,
    ),
  ),
  fault(
    'alias-regex-unanchored',
    'the alias pattern is tested without ^ and $, so one allowed character suffices',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    validateAs((b) => {
      const a = str(b.key_alias);
      return a && /[a-zA-Z0-9:/_-]/.test(a) && !allowed.test(a)
        ? { ...b, key_alias: a.replace(/[^a-zA-Z0-9:/_-]/gu, '_') }
        : undefined;
    }),
  ),
  fault(
    'alias-regex-multiline',
    'the alias pattern is tested line by line, so a newline passes',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    validateAs((b) => {
      const line = str(b.key_alias)
        ?.split('\n')
        .find((l) => allowed.test(l));
      return line !== undefined && str(b.key_alias)?.includes('\n') ? { ...b, key_alias: line } : undefined;
    }),
  ),
  fault(
    'alias-colon-refused',
    'the alias pattern forgets ":"',
    [['CK-ALIAS-CHARSET-VALID', 'MUST']],
    refuseWhen((b) => str(b.key_alias)?.includes(':') === true, reject(400, 'KMS.1101')),
  ),
  fault(
    'alias-number-coerced',
    'a numeric key_alias is turned into a string',
    [['CK-ALIAS-TYPE', 'MUST']],
    normaliseAs((b) =>
      typeof b.key_alias === 'number' ? { ...b, key_alias: String(b.key_alias) } : undefined,
    ),
  ),
  fault(
    'spec-case-insensitive',
    'key_spec is compared without case',
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs((b) => (str(b.key_spec) ? { ...b, key_spec: str(b.key_spec)?.toUpperCase() } : undefined)),
  ),
  fault(
    'sm2-refused',
    'SM2 keys are not offered',
    [['CK-SPEC-ENUM-VALID', 'MUST']],
    refuseWhen((b) => b.key_spec === 'SM2', reject(400, 'KMS.0308')),
  ),
  fault(
    'default-spec-rsa',
    'a key without key_spec becomes RSA_2048',
    [['CK-SPEC-DEFAULT', 'MUST']],
    createAs((b) =>
      b.key_spec === undefined ? { ...b, key_spec: 'RSA_2048', key_usage: b.key_usage ?? 'SIGN_VERIFY' } : b,
    ),
  ),
  fault(
    'usage-default-encrypt',
    'every key defaults to ENCRYPT_DECRYPT, asymmetric ones too',
    [['CK-USAGE-DEFAULT', 'MUST']],
    createAs((b) => ({ ...b, key_usage: b.key_usage ?? 'ENCRYPT_DECRYPT' })),
  ),
  fault(
    'usage-case-insensitive',
    'key_usage is compared without case',
    [['CK-USAGE-ENUM-INVALID', 'MUST']],
    normaliseAs((b) => (str(b.key_usage) ? { ...b, key_usage: str(b.key_usage)?.toUpperCase() } : undefined)),
  ),
  fault(
    'symmetric-sign-accepted',
    'AES_256 and SM4 keys may be SIGN_VERIFY',
    [['CK-USAGE-SYMMETRIC-SIGN', 'SHOULD']],
    // Only the symmetric specs (and none, which defaults to AES_256): any other key_spec is still checked.
    validateAs((b) =>
      b.key_usage === 'SIGN_VERIFY' &&
      [undefined, 'AES_256', 'SM4'].includes(b.key_spec as string | undefined)
        ? { ...b, key_spec: 'RSA_2048' }
        : undefined,
    ),
  ),
  fault(
    'origin-case-insensitive',
    'origin is compared without case',
    [['CK-ORIGIN-ENUM-INVALID', 'MUST']],
    normaliseAs((b) => (str(b.origin) ? { ...b, origin: str(b.origin)?.toLowerCase() } : undefined)),
  ),
  fault(
    'external-refused',
    'origin external is not offered',
    [['CK-ORIGIN-EXTERNAL-ACCEPTED', 'MUST']],
    refuseWhen((b) => b.origin === 'external', reject(400, 'KMS.0308')),
  ),
  fault(
    'external-any-spec',
    'seed edition: any key spec may be imported',
    [['CK-ORIGIN-EXTERNAL-AES-ONLY', 'MUST']],
    validateAs((b) => (b.origin === 'external' ? { ...b, key_spec: 'AES_256' } : undefined)),
  ),
  fault(
    'default-origin-external',
    'a key without origin is recorded as external',
    [['CK-ORIGIN-DEFAULT', 'MUST']],
    createAs((b) => ({ ...b, origin: b.origin ?? 'external' })),
  ),
  fault(
    'description-256-accepted',
    'off by one: a description of 256 characters is accepted',
    [['CK-DESC-LENGTH-INVALID', 'MUST']],
    validateAs((b) => (str(b.key_description)?.length === 256 ? { ...b, key_description: '' } : undefined)),
  ),
  fault(
    'description-empty-refused',
    'an empty description is refused',
    [['CK-DESC-LENGTH-VALID', 'MUST']],
    refuseWhen((b) => b.key_description === '', reject(400, 'KMS.1103')),
  ),
  fault(
    'description-counts-bytes',
    'description length is counted in UTF-8 bytes',
    [['CK-DESC-CODE-POINTS', 'SHOULD']],
    refuseWhen((b) => Buffer.byteLength(str(b.key_description) ?? '') > 255, reject(400, 'KMS.1103')),
  ),
  fault(
    'description-number-coerced',
    'a numeric key_description is turned into a string',
    [['CK-DESC-TYPE', 'SHOULD']],
    normaliseAs((b) =>
      typeof b.key_description === 'number'
        ? { ...b, key_description: String(b.key_description) }
        : undefined,
    ),
  ),
  fault(
    'sequence-refused',
    'every sequence is refused',
    [['CK-SEQUENCE-VALID', 'MUST']],
    refuseWhen((b) => b.sequence !== undefined, reject(400, 'KMS.0206')),
  ),
  fault(
    'enterprise-project-type-crash',
    'a non-string enterprise_project_id crashes the handler with 500',
    [['CK-ROBUST-NO-SERVER-ERROR', 'MUST']],
    refuseWhen(
      (b) => b.enterprise_project_id !== undefined && typeof b.enterprise_project_id !== 'string',
      reject(500, 'KMS.0308'),
    ),
  ),
];
