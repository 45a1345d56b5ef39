/**
 * CK-DELETION-SCHEDULE (§6): scheduling a key's deletion 6 days out is refused, 7 days gives key_state "4",
 * and the deletion can be cancelled.
 */
import type { Answer } from '../catalogue/answers.js';
import { keyStateResponse } from '../catalogue/schemas.js';
import { type Finding, fail, pass } from '../findings/finding.js';
import type { Evidence } from '../transport/evidence.js';
import { refusal, summary } from './refusals.js';

const id = 'CK-DELETION-SCHEDULE';

export interface Seen {
  readonly answer: Answer;
  readonly evidence: Evidence;
}

export function scheduleDeletion(six: Seen, seven: Seen, cancel: Seen): Finding[] {
  const scheduled = seven.answer;
  const state = (scheduled.json as { key_state?: unknown } | undefined)?.key_state;
  return [
    refusal(id, 'pending_days "6"', six.answer, six.evidence),
    scheduled.status !== 200
      ? fail(id, 'pending_days "7"', 'status', `Received ${summary(scheduled)}; expected 200`, [
          seven.evidence,
        ])
      : !keyStateResponse(scheduled.json) || state !== '4'
        ? fail(
            id,
            'pending_days "7"',
            'key_state',
            `Received ${summary(scheduled)}; expected {"key_id", "key_state": "4"}`,
            [seven.evidence],
          )
        : pass(id, 'pending_days "7"', 'pending deletion ("4")'),
    cancel.answer.status === 200
      ? pass(id, 'cancel-key-deletion', 'cancelled')
      : fail(id, 'cancel-key-deletion', 'status', `Received ${summary(cancel.answer)}; expected 200`, [
          cancel.evidence,
        ]),
  ];
}
