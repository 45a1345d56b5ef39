import { describe, expect, it } from 'vitest';
import { leftBehind, type Refusal, sideEffectFindings } from '../../src/judge/side-effects.js';
import { answer, envelope, evidenceOf } from '../support/facts.js';

const listed = (alias: string, created: number) => ({
  key_id: `k-${alias}`,
  key_alias: alias,
  domain_id: 'd',
  creation_date: String(created),
});
const refused = (alias: string, over: Partial<Refusal> = {}): Refusal => ({
  alias,
  test: `test of ${alias}`,
  status: 400,
  window: { from: 1000, to: 3000 },
  ...over,
});

describe('CK-REJECT-NO-SIDE-EFFECT', () => {
  it('a key made under a refused alias while the target handled it is left behind', () => {
    expect(leftBehind([listed('leak', 2000)], [refused('leak')]).map((l) => l.key.key_id)).toEqual([
      'k-leak',
    ]);
  });

  it("a key made at another time, or under an alias the target called taken, is someone else's", () => {
    expect(leftBehind([listed('later', 9000)], [refused('later')])).toEqual([]);
    expect(leftBehind([listed('taken', 2000)], [refused('taken', { code: 'KMS.1104' })])).toEqual([]);
    expect(leftBehind([listed('other', 2000)], [refused('leak')])).toEqual([]);
  });

  it('a refusal without a window (no Date header) counts any key under its alias', () => {
    const { window: _, ...noWindow } = refused('leak');
    expect(leftBehind([listed('leak', 9000)], [noWindow])).toHaveLength(1);
  });

  it('findings: one failure per key left, a pass naming how many were looked up, a skip when none was refused', () => {
    const x = answer(200, { keys: [] });
    const left = leftBehind([listed('leak', 2000)], [refused('leak'), refused('clean')]);
    expect(sideEffectFindings('run', [refused('leak'), refused('clean')], left, evidenceOf(x))).toMatchObject(
      [{ status: 'fail', case: 'run: test of leak', aspect: 'key' }],
    );
    expect(sideEffectFindings('run', [refused('clean')], [], evidenceOf(x))[0]).toMatchObject({
      status: 'pass',
      message: '1 refused creates looked up in list-keys: none left a key',
    });
    expect(sideEffectFindings('run', [], [], evidenceOf(answer(400, envelope('KMS.1101'))))[0]?.status).toBe(
      'skip',
    );
  });
});
