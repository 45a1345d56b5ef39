/**
 * Authentication refusals (§3): 403 with the error envelope in the seed edition; the current edition also
 * documents 401. A signature the target must not accept (AK/SK, a later addition) may be refused by a gateway
 * in front of it, so 401 or 403 with any body is a refusal.
 */
import type { Answer } from '../catalogue/answers.js';
import type { Edition } from '../catalogue/types.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';
import { refusal, summary } from './refusals.js';

export const authStatuses = (edition: Edition): readonly number[] =>
  edition === 'seed' ? [403] : [401, 403];

/** A request without valid credentials: refused as the edition documents. */
export function authRefusal(
  requirement: string,
  kase: string,
  x: Answer,
  evidence: Evidence,
  edition: Edition,
): Finding {
  return refusal(requirement, kase, x, evidence, authStatuses(edition));
}

/** A request whose signature must not verify: any 401 or 403. */
export function signatureRefusal(requirement: string, kase: string, x: Answer, evidence: Evidence): Finding {
  return x.status === 401 || x.status === 403
    ? pass(requirement, kase, `refused: ${x.status}`)
    : fail(requirement, kase, 'status', `Received ${summary(x)}; expected 401 or 403`, [evidence]);
}
