/**
 * Faults where two rules meet, or where credentials and vocabularies are compared loosely: each is caught only by
 * the derivations that cross a boundary with content (src/generators/combined.ts), echo planned whitespace,
 * alter the run's own credentials (src/generators/credentials.ts) or name other APIs' values.
 */
import { asBody, type Body, fault, normaliseAs, validateAs } from './helpers.js';

const onString =
  (field: string, fix: (value: string) => string | undefined) =>
  (b: Body): Body | undefined => {
    const v = b[field];
    const fixed = typeof v === 'string' ? fix(v) : undefined;
    return fixed === undefined || fixed === v ? undefined : { ...b, [field]: fixed };
  };

/** Names of other clouds' usages mapped onto this API's (Google's purposes, Azure's key operations). */
const foreignUsages: Record<string, string> = {
  ASYMMETRIC_SIGN: 'SIGN_VERIFY',
  ASYMMETRIC_DECRYPT: 'ENCRYPT_DECRYPT',
  sign: 'SIGN_VERIFY',
  encrypt: 'ENCRYPT_DECRYPT',
};

export const combinationFaults = [
  fault(
    'desc-length-after-trim',
    'the description length is checked on the trimmed value (256 characters with a space at an end pass)',
    [['CK-DESC-LENGTH-INVALID', 'MUST']],
    validateAs(onString('key_description', (v) => v.trim())),
  ),
  fault(
    'alias-slashes-collapsed',
    'the alias is validated as a path, runs of "/" collapsed (256 characters of "/" pass)',
    [['CK-ALIAS-LENGTH-INVALID', 'MUST']],
    validateAs(onString('key_alias', (v) => v.replace(/\/{2,}/g, '/'))),
  ),
  fault(
    'desc-whitespace-collapsed',
    'the description is trimmed and inner runs of whitespace collapsed to one space, then checked and stored',
    [
      ['CK-DESCRIBE-ECHO', 'MUST'],
      ['CK-DESC-LENGTH-INVALID', 'MUST'],
    ],
    normaliseAs(onString('key_description', (v) => v.trim().replace(/\s+/g, ' '))),
  ),
  fault(
    'token-case-insensitive',
    'X-Auth-Token is compared without regard to case',
    [['CK-AUTH-INVALID', 'MUST']],
    (base) => ({
      ...base,
      authenticate(req, project) {
        const token = req.headers['x-auth-token'];
        const owner = base.config.projects.find((p) => p.token.toLowerCase() === token?.toLowerCase());
        return owner && owner.projectId === project
          ? { projectId: project }
          : base.authenticate(req, project);
      },
    }),
  ),
  fault(
    'signature-case-insensitive',
    'the AK/SK signature is compared without regard to case (hex in upper case passes)',
    [['CK-AUTH-SIGNATURE', 'SHOULD']],
    (base) => ({
      ...base,
      authenticate(req, project) {
        const value = req.headers.authorization;
        const lowered = value?.replace(
          /Signature=([0-9A-Fa-f]+)$/,
          (_m, hex: string) => `Signature=${hex.toLowerCase()}`,
        );
        return base.authenticate(
          lowered === undefined ? req : { ...req, headers: { ...req.headers, authorization: lowered } },
          project,
        );
      },
    }),
  ),
  fault(
    'signature-checked-on-create-only',
    'describe-key, list-keys and the deletion operations accept any signature of a known AK',
    // (The deletion a wrongly signed request scheduled may also meet the deletion check, in some orders.)
    [['CK-AUTH-SIGNATURE', 'SHOULD']],
    (base) => ({
      ...base,
      authenticate(req, project) {
        const signed = req.headers.authorization?.startsWith('SDK-HMAC-SHA256') === true;
        return signed &&
          !req.path.endsWith('/create-key') &&
          req.headers.authorization?.includes(`Access=${base.config.ak}`)
          ? { projectId: project }
          : base.authenticate(req, project);
      },
    }),
  ),
  fault(
    'signed-project-unchecked',
    'a valid signature may act on any project (the token is still held to its own)',
    [['CK-AUTH-OTHER-PROJECT', 'SHOULD']],
    (base) => ({
      ...base,
      authenticate(req, project) {
        const result = base.authenticate(req, project);
        const signed = req.headers.authorization !== undefined;
        return signed && 'rejected' in result && result.code === 'KMS.0321' ? { projectId: project } : result;
      },
    }),
  ),
  fault(
    'deletion-cancel-enables',
    'cancel-key-deletion leaves the key enabled ("2"), not disabled, and a second cancel is accepted',
    [['CK-DELETION-SCHEDULE', 'SHOULD']],
    (base) => ({
      ...base,
      operation(name, keys, body, now) {
        if (name !== 'cancel-key-deletion') return base.operation(name, keys, body, now);
        const result = base.operation(name, keys, body, now);
        const keyId = asBody(body)?.key_id;
        return 'rejected' in result || typeof keyId !== 'string'
          ? { body: { key_id: keyId, key_state: '2' } }
          : { body: { ...(result.body as Body), key_state: '2' } };
      },
    }),
  ),
  fault(
    'usage-foreign-names',
    "other clouds' usage names are taken for this API's (ASYMMETRIC_SIGN, sign, encrypt)",
    [['CK-USAGE-ENUM-INVALID', 'MUST']],
    normaliseAs((b) => {
      const usage = asBody(b)?.key_usage;
      const mapped = typeof usage === 'string' ? foreignUsages[usage] : undefined;
      return mapped === undefined ? undefined : { ...b, key_usage: mapped };
    }),
  ),
];
