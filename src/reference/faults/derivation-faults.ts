/**
 * Faults for each family of derived cases: type coercion, trimming, line terminators, lookalikes, enum
 * siblings and separators, null on either side of §7. Each is what a real server framework plausibly does.
 */
import { reject } from '../rejection.js';
import { asBody, type Body, fault, normaliseAs } from './helpers.js';

/** Applies `fix` to one field when it holds a value of the wrong shape; other bodies are left alone. */
const onField =
  (field: string, fix: (value: unknown) => unknown) =>
  (b: Body): Body | undefined => {
    if (!(field in b)) return undefined;
    const fixed = fix(b[field]);
    return fixed === undefined ? undefined : { ...b, [field]: fixed };
  };

const unwrap = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : undefined);
// String.prototype.trim: whitespace and the line terminators LF, CR, U+2028, U+2029 (not U+0085).
const jsTrim = (v: unknown) => (typeof v === 'string' && v.trim() !== v ? v.trim() : undefined);
// Every Unicode space and line terminator, U+0085 and U+00A0 included (Python's str.strip).
const unicodeTrim = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
  return t !== v ? t : undefined;
};
// A $ that also matches before a final newline (Java, Python, PCRE without D): "alias\n" passes.
const dollarBeforeNewline = (v: unknown) =>
  typeof v === 'string' && v.endsWith('\n') ? v.slice(0, -1) : undefined;
const nfkc = (v: unknown) =>
  typeof v === 'string' && v.normalize('NFKC') !== v ? v.normalize('NFKC') : undefined;
const latin: Record<string, string> = { А: 'A', Е: 'E', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', С: 'C' };
const folded = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  const f = [...v].map((ch) => latin[ch] ?? ch).join('');
  return f !== v ? f : undefined;
};
const separators = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  const f = v.replace(/[- ]/g, '_');
  return f !== v ? f : undefined;
};
const siblings: Record<string, Record<string, string>> = {
  key_spec: { AES_128: 'AES_256', RSA_1024: 'RSA_2048', EC_P521: 'EC_P384', SYMMETRIC_DEFAULT: 'AES_256' },
  key_usage: { ENCRYPT: 'ENCRYPT_DECRYPT', SIGN: 'SIGN_VERIFY' },
  origin: { imported: 'external', AWS_KMS: 'kms' },
};
const sibling = (field: string) => (v: unknown) => (typeof v === 'string' ? siblings[field]?.[v] : undefined);

export const derivationFaults = [
  fault(
    'alias-array-unwrapped',
    'a key_alias of one-element array is unwrapped (a binder that takes the first element)',
    [['CK-ALIAS-TYPE', 'MUST']],
    normaliseAs(onField('key_alias', unwrap)),
  ),
  fault(
    'alias-boolean-coerced',
    'a boolean key_alias becomes the string "true" or "false"',
    [['CK-ALIAS-TYPE', 'MUST']],
    normaliseAs(onField('key_alias', (v) => (typeof v === 'boolean' ? String(v) : undefined))),
  ),
  fault(
    'spec-array-unwrapped',
    'a key_spec of one-element array is unwrapped',
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_spec', unwrap)),
  ),
  fault(
    'description-object-stringified',
    'an object key_description is stored as its JSON text',
    [['CK-DESC-TYPE', 'SHOULD']],
    normaliseAs(
      onField('key_description', (v) =>
        typeof v === 'object' && v !== null ? JSON.stringify(v) : undefined,
      ),
    ),
  ),
  fault(
    'sequence-array-unwrapped',
    'a sequence of one-element array is unwrapped',
    [['CK-SEQUENCE-TYPE', 'SHOULD']],
    normaliseAs(onField('sequence', unwrap)),
  ),
  fault(
    'alias-trimmed',
    'key_alias is trimmed (String.prototype.trim) before it is checked',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    normaliseAs(onField('key_alias', jsTrim)),
  ),
  fault(
    'alias-unicode-trimmed',
    'key_alias is stripped of every Unicode space and line terminator, U+0085 included',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    normaliseAs(onField('key_alias', unicodeTrim)),
  ),
  fault(
    'alias-dollar-before-newline',
    'the alias pattern is matched with a $ that also matches before a final newline',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    normaliseAs(onField('key_alias', dollarBeforeNewline)),
  ),
  fault(
    'alias-nfkc-normalised',
    'key_alias is NFKC-normalised before it is checked, so fullwidth letters pass',
    [['CK-ALIAS-CHARSET-INVALID', 'MUST']],
    normaliseAs(onField('key_alias', nfkc)),
  ),
  fault(
    'spec-trimmed',
    'key_spec is trimmed before it is compared',
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_spec', jsTrim)),
  ),
  fault(
    'spec-separators-tolerated',
    'key_spec accepts - and a space for _ (AES-256)',
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_spec', separators)),
  ),
  fault(
    'spec-homoglyphs-folded',
    'key_spec folds Cyrillic lookalikes into Latin letters',
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_spec', folded)),
  ),
  fault(
    'spec-siblings-accepted',
    "key_spec maps other sizes and other clouds' names (AES_128, RSA_1024, SYMMETRIC_DEFAULT) to documented ones",
    [['CK-SPEC-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_spec', sibling('key_spec'))),
  ),
  fault(
    'usage-siblings-accepted',
    'key_usage accepts ENCRYPT and SIGN for the documented values',
    [['CK-USAGE-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('key_usage', sibling('key_usage'))),
  ),
  fault(
    'origin-siblings-accepted',
    'origin accepts "imported" and "AWS_KMS"',
    [['CK-ORIGIN-ENUM-INVALID', 'MUST']],
    normaliseAs(onField('origin', sibling('origin'))),
  ),
  fault(
    'null-alias-coerced',
    'a null key_alias becomes the string "null"',
    [['CK-ALIAS-TYPE', 'MUST']],
    normaliseAs(onField('key_alias', (v) => (v === null ? 'null' : undefined))),
  ),
  fault(
    'null-optional-500',
    'null for an optional field crashes the handler with 500',
    [
      ['CK-NULL-OPTIONAL', 'MAY'],
      ['CK-ROBUST-NO-SERVER-ERROR', 'MUST'],
    ],
    (base) => ({
      ...base,
      validateCreateKey(body) {
        const b = asBody(body);
        const nulls = b && Object.entries(b).some(([k, v]) => v === null && k !== 'key_alias');
        return nulls ? reject(500, 'KMS.0308') : base.validateCreateKey(body);
      },
    }),
  ),
  fault(
    'null-optional-stored',
    'null for an optional field is accepted, and stored as the text "null" instead of the default',
    [['CK-NULL-OPTIONAL', 'MAY']],
    (base) => ({
      ...base,
      validateCreateKey(body) {
        const b = asBody(body);
        if (!b) return base.validateCreateKey(body);
        const kept = Object.fromEntries(
          Object.entries(b).filter(([k, v]) => v !== null || k === 'key_alias'),
        );
        return base.validateCreateKey(kept);
      },
      createKey(request, projectId, now) {
        const stored = Object.fromEntries(
          Object.entries(request).map(([k, v]) => [k, v === null ? 'null' : v]),
        ) as unknown as typeof request;
        return base.createKey.call(this, stored, projectId, now);
      },
    }),
  ),
];
