/**
 * What describe-key must show for a key the run created (§2, §6): every attribute it was created with, and
 * the documented default of every attribute it was created without. The key phase compares each of its keys
 * once; a key a check made (a random valid body) is compared the same way and its differences become
 * findings of the requirements they break.
 */
import type { KeyDetails } from '../catalogue/api-types.js';
import { describeKeyResponse, requestFields, symmetricKeySpecs } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import { KmsctError } from '../errors.js';
import { type Finding, fail } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';
import type { Mismatch } from './facts.js';

/** The usage a key gets without key_usage: ENCRYPT_DECRYPT for symmetric keys, SIGN_VERIFY for asymmetric. */
export const defaultUsage = (spec: string): string =>
  symmetricKeySpecs.includes(spec) ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY';

const schemaDefault = (edition: Edition, field: string): string => {
  const value = requestFields(edition).find((f) => f.name === field)?.schema.default;
  if (typeof value !== 'string') throw new KmsctError('KMSCT_ERR_SCHEMA', `${field} has no default`);
  return value;
};

/**
 * Compares describe-key's answer for a key with the body that created it and the create's key_info. A null
 * that was accepted stood for "absent" (§7): a default it did not bring is CK-NULL-OPTIONAL's finding.
 */
export function compareDescribed(
  body: Readonly<Record<string, unknown>>,
  created: { readonly key_id: string; readonly domain_id: string },
  answer: unknown,
  edition: Edition,
): Mismatch[] {
  if (!describeKeyResponse(answer))
    return [
      {
        id: 'CK-DESCRIBE-ECHO',
        attribute: 'key_info',
        expected: 'a body matching describe-key-response.schema.json',
        received: answer,
      },
    ];
  const details = (answer as { key_info: KeyDetails }).key_info;
  const out: Mismatch[] = [];
  const expect = (id: string, attribute: keyof KeyDetails, expected: string) => {
    if (details[attribute] !== expected) out.push({ id, attribute, expected, received: details[attribute] });
  };
  const given = (field: string) => typeof body[field] === 'string';
  const defaulted = (field: string, id: string) => (body[field] === null ? 'CK-NULL-OPTIONAL' : id);
  expect('CK-DESCRIBE-ECHO', 'key_id', created.key_id);
  expect('CK-DESCRIBE-ECHO', 'domain_id', created.domain_id);
  expect('CK-DESCRIBE-ECHO', 'key_alias', String(body.key_alias));
  const spec = given('key_spec') ? String(body.key_spec) : schemaDefault(edition, 'key_spec');
  expect(given('key_spec') ? 'CK-DESCRIBE-ECHO' : defaulted('key_spec', 'CK-SPEC-DEFAULT'), 'key_spec', spec);
  const usage = given('key_usage') ? String(body.key_usage) : defaultUsage(spec);
  expect(
    // A usage that defaults from a key_spec given as null follows the null reading, not the usage rule.
    given('key_usage')
      ? 'CK-DESCRIBE-ECHO'
      : body.key_spec === null
        ? 'CK-NULL-OPTIONAL'
        : defaulted('key_usage', 'CK-USAGE-DEFAULT'),
    'key_usage',
    usage,
  );
  const origin = given('origin') ? String(body.origin) : schemaDefault(edition, 'origin');
  expect(given('origin') ? 'CK-DESCRIBE-ECHO' : defaulted('origin', 'CK-ORIGIN-DEFAULT'), 'origin', origin);
  if (given('key_description')) expect('CK-DESCRIBE-ECHO', 'key_description', String(body.key_description));
  // §6: a key whose material is imported waits in "5"; a generated one is enabled ("2"). A real key may show
  // "1" (pending activation) for a moment: the read that gets here has waited that out (src/transport/settle.ts).
  if (origin === 'external') expect('CK-ORIGIN-EXTERNAL-STATE', 'key_state', '5');
  else expect('CK-KEY-ENABLED', 'key_state', '2');
  return out;
}

/** The differences of a described key as findings, one per requirement broken (a key a check created). */
export function mismatchFindings(
  mismatches: readonly Mismatch[],
  kase: string,
  evidence: readonly Evidence[],
): Finding[] {
  const ids = [...new Set(mismatches.map((m) => m.id))];
  return ids.map((id) => {
    const wrong = mismatches.filter((m) => m.id === id);
    return fail(
      id,
      kase,
      wrong.map((m) => m.attribute).join(','),
      wrong
        .map((m) => `${m.attribute}: expected ${m.expected}, received ${JSON.stringify(m.received)}`)
        .join('; '),
      evidence,
      { alwaysOn: true },
    );
  });
}
