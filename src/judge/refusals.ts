/**
 * Requests the spec says must be refused: wrong parameters (400, §3) and bodies that are not JSON objects.
 * The answer must be the documented status with the error envelope; a refusal for another rule's reason
 * (the alias exists, the quota is reached) is no evidence either way.
 */
import { type Answer, codeOf } from '../catalogue/answers.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';

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
