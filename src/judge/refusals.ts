/**
 * Requests the spec says must be refused: wrong parameters (400, §3) and bodies that are not JSON objects.
 * The answer must be the documented status with the error envelope; a refusal for another rule's reason
 * (the alias exists, the quota is reached) is no evidence either way.
 */
import { type Answer, codeOf } from '../catalogue/answers.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';
import type { MadeKey } from './keys.js';

/** Codes documented for a rule other than the one under test (§4: KMS.1104 alias exists, KMS.1105 quota). */
const stateCodes = new Set(['KMS.1104', 'KMS.1105']);

/** The target refused for the state of the account, not for the body: the rule under test was not reached. */
export const isStateRefusal = (x: Pick<Answer, 'json'>) => stateCodes.has(codeOf(x) ?? '');

export const summary = (x: Pick<Answer, 'status' | 'text'>) => `${x.status} ${x.text.slice(0, 300)}`;

/** A refusal with one of `statuses` (400 by default) and the error envelope. */
export function refusal(
  requirement: string,
  kase: string,
  x: Answer,
  evidence: Evidence,
  statuses: readonly number[] = [400],
): Finding {
  const expected = `${statuses.join(' or ')} with the error envelope`;
  if (!statuses.includes(x.status))
    return fail(requirement, kase, 'status', `Received ${summary(x)}; expected ${expected}`, [evidence]);
  if (!errorEnvelope(x.json))
    return fail(
      requirement,
      kase,
      'envelope',
      `Received ${summary(x)}; expected {"error": {"error_code", "error_msg"}}`,
      [evidence],
    );
  return pass(requirement, kase, `refused: ${x.status} ${codeOf(x) ?? ''}`.trim());
}

/**
 * A value that must be refused, refused only because its alias is already in use (KMS.1104): when a key of this
 * run holds that alias, the target accepted the value before, in another check (a fixed alias such as "" cannot
 * be made fresh). That earlier acceptance is the failure; without one, the refusal is no evidence either way.
 */
export function acceptedEarlier(
  requirement: string,
  kase: string,
  x: Answer & { readonly request: { readonly body: string } },
  evidence: Evidence,
  made: readonly MadeKey[],
): Finding | undefined {
  if (codeOf(x) !== 'KMS.1104') return undefined;
  let alias: unknown;
  try {
    alias = (JSON.parse(x.request.body) as { key_alias?: unknown }).key_alias;
  } catch {
    return undefined;
  }
  const earlier = made.find((k) => k.alias === alias);
  if (earlier === undefined) return undefined;
  return fail(
    requirement,
    kase,
    'status',
    `Accepted before: key_alias ${JSON.stringify(alias)} made key ${earlier.keyId} (${earlier.test}); now refused only as a duplicate (KMS.1104); expected 400 for the value itself`,
    [...(earlier.evidence ? [earlier.evidence] : []), evidence],
  );
}
