import { describe, expect, it } from 'vitest';
import { deletionSteps, type Expected, pendingDaysRange } from '../../src/judge/deletion.js';
import { answer, envelope, evidenceOf } from '../support/facts.js';

const seen = (status: number, body: unknown) => {
  const x = answer(status, body);
  return { answer: x, evidence: evidenceOf(x) };
};
const step = (kase: string, status: number, body: unknown, expected: Expected) => ({
  case: kase,
  seen: seen(status, body),
  expected,
});

describe('CK-DELETION-SCHEDULE', () => {
  it('reads the range of pending_days from the schema: 7 to 1096', () => {
    expect(pendingDaysRange()).toEqual({ min: 7, max: 1096 });
  });

  it('each step as documented passes: refusals refused, schedules "4", cancels "3"', () => {
    const found = deletionSteps([
      step('pending_days "6"', 400, envelope('KMS.1401'), 'refused'),
      step('pending_days "7"', 200, { key_id: 'k', key_state: '4' }, '4'),
      step('a second schedule', 400, envelope('KMS.1402'), 'refused'),
      step('cancel-key-deletion', 200, { key_id: 'k', key_state: '3' }, '3'),
    ]);
    expect(found.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('a refusal accepted, a wrong state, a cancel refused, a cancel leaving the key enabled: each fails on its own case', () => {
    const found = deletionSteps([
      step('pending_days "1097"', 200, { key_id: 'k', key_state: '4' }, 'refused'),
      step('pending_days "7"', 200, { key_id: 'k', key_state: '2' }, '4'),
      step('cancel-key-deletion', 400, envelope('KMS.1501'), '3'),
      step('cancel-key-deletion after "1096"', 200, { key_id: 'k', key_state: '2' }, '3'),
    ]);
    expect(found.map((f) => [f.case, f.status, f.aspect])).toEqual([
      ['pending_days "1097"', 'fail', 'status'],
      ['pending_days "7"', 'fail', 'key_state'],
      ['cancel-key-deletion', 'fail', 'status'],
      ['cancel-key-deletion after "1096"', 'fail', 'key_state'],
    ]);
  });
});
