/**
 * CK-DELETION-SCHEDULE (§6): on one key of the run, each step of a deletion and its cancellation: pending_days
 * one below and one above the documented range refused, each end of the range accepted with key_state "4", a
 * second schedule of a key already pending refused, a cancel answered with key_state "3" (the key left
 * disabled), a cancel of a key no longer pending refused. The range comes from the schema's pattern.
 */
import type { Answer } from '../catalogue/answers.js';
import { keyStateResponse, schemaFiles } from '../catalogue/schemas.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';
import { refusal, summary } from './refusals.js';

const id = 'CK-DELETION-SCHEDULE';

export interface Seen {
  readonly answer: Answer;
  readonly evidence: Evidence;
}

/** What a step must get: refused, or accepted with the key in this state. */
export type Expected = 'refused' | '3' | '4';

export interface Step {
  readonly case: string;
  readonly seen: Seen;
  readonly expected: Expected;
}

/** The range of pending_days: the least and the greatest day count the schema's pattern accepts. */
export function pendingDaysRange(): { readonly min: number; readonly max: number } {
  const defs = (schemaFiles.get('common.schema.json') as { $defs?: Record<string, { pattern?: string }> })
    .$defs;
  const pattern = new RegExp(defs?.pendingDays?.pattern ?? '^$');
  const accepted = Array.from({ length: 10_000 }, (_, n) => n).filter((n) => pattern.test(String(n)));
  return { min: accepted[0] ?? 7, max: accepted.at(-1) ?? 1096 };
}

export function deletionSteps(steps: readonly Step[]): Finding[] {
  return steps.map(({ case: kase, seen, expected }) => {
    if (expected === 'refused') return refusal(id, kase, seen.answer, seen.evidence);
    const x = seen.answer;
    const state = (x.json as { key_state?: unknown } | undefined)?.key_state;
    if (x.status !== 200)
      return fail(id, kase, 'status', `Received ${summary(x)}; expected 200`, [seen.evidence]);
    return !keyStateResponse(x.json) || state !== expected
      ? fail(
          id,
          kase,
          'key_state',
          `Received ${summary(x)}; expected {"key_id", "key_state": "${expected}"}`,
          [seen.evidence],
        )
      : pass(id, kase, `key_state "${expected}"`);
  });
}
