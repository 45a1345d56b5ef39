import { describe, expect, it } from 'vitest';
import { scheduleDeletion } from '../../src/judge/deletion.js';
import { answer, envelope, evidenceOf } from '../support/facts.js';

const seen = (status: number, body: unknown) => {
  const x = answer(status, body);
  return { answer: x, evidence: evidenceOf(x) };
};
const refused6 = seen(400, envelope('KMS.1401'));
const pending7 = seen(200, { key_id: 'k', key_state: '4' });
const cancelled = seen(200, { key_id: 'k', key_state: '3' });

describe('CK-DELETION-SCHEDULE', () => {
  it('6 days refused, 7 days pending deletion ("4"), cancelled: three passes', () => {
    expect(scheduleDeletion(refused6, pending7, cancelled).map((f) => f.status)).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
  });

  it('6 days accepted, a wrong state, a cancel refused: each fails on its own case', () => {
    const found = scheduleDeletion(
      seen(200, { key_id: 'k', key_state: '4' }),
      seen(200, { key_id: 'k', key_state: '2' }),
      seen(400, envelope('KMS.1501')),
    );
    expect(found.map((f) => [f.case, f.status, f.aspect])).toEqual([
      ['pending_days "6"', 'fail', 'status'],
      ['pending_days "7"', 'fail', 'key_state'],
      ['cancel-key-deletion', 'fail', 'status'],
    ]);
  });
});
