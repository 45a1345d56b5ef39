/**
 * Error codes (§4, §7): every refusal carries a code of the form KMS.NNNN (CK-ERROR-CODE-FORMAT), and which
 * code a target gives for which fault is recorded beside the reference's (CK-ERROR-CODE-OBSERVED, an open
 * reading: only a missing envelope fails it).
 */
import { type Answer, codeOf } from '../catalogue/answers.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';

/** One refusal a check asked for, with the rule it breaks and the code the reference gives for it. */
export interface RefusalSeen {
  readonly kase: string;
  readonly rule: string;
  readonly reference?: string;
  readonly answer: Answer;
  readonly evidence: Evidence;
}

const formatted = /^(KMS|APIGW)\.\d{4}$/;

/** CK-ERROR-CODE-FORMAT on each refusal (an accepted case says nothing about codes). */
export function codeFormat(seen: readonly RefusalSeen[]): Finding[] {
  return seen.flatMap((s) => {
    if (s.answer.status < 400) return [];
    const code = codeOf(s.answer);
    return code !== undefined && formatted.test(code)
      ? [pass('CK-ERROR-CODE-FORMAT', s.kase, code)]
      : [
          fail(
            'CK-ERROR-CODE-FORMAT',
            s.kase,
            'error_code',
            `Received ${s.answer.status} ${s.answer.text.slice(0, 200)}; expected an error_code of the form KMS.NNNN`,
            [s.evidence],
          ),
        ];
  });
}

/** CK-ERROR-CODE-OBSERVED: the code of each refusal beside the reference's; a different one is a note. */
export function codesObserved(seen: readonly RefusalSeen[]): Finding[] {
  return seen.flatMap((s) => {
    if (s.answer.status < 400) return [];
    if (!errorEnvelope(s.answer.json))
      return [
        fail(
          'CK-ERROR-CODE-OBSERVED',
          s.kase,
          'envelope',
          `Received ${s.answer.status} ${s.answer.text.slice(0, 200)}; expected the error envelope`,
          [s.evidence],
        ),
      ];
    const code = codeOf(s.answer);
    const observation =
      code === s.reference
        ? `${code} (as the reference)`
        : `${String(code)} (reference ${String(s.reference)})`;
    return [pass('CK-ERROR-CODE-OBSERVED', s.kase, `${s.rule}: ${observation}`, { observation })];
  });
}
