import { describe, expect, it } from 'vitest';
import { codeFormat, codesObserved, type RefusalSeen } from '../../src/judge/error-codes.js';
import { answer, envelope, evidenceOf, keyInfo } from '../support/facts.js';

const seen = (x: ReturnType<typeof answer>, reference = 'KMS.1101'): RefusalSeen => ({
  kase: 'key_alias pattern: a space alone',
  rule: 'CK-ALIAS-CHARSET-INVALID',
  reference,
  answer: x,
  evidence: evidenceOf(x),
});

describe('error codes', () => {
  it('CK-ERROR-CODE-FORMAT: KMS.NNNN passes, a missing or lowercase code fails, an acceptance says nothing', () => {
    expect(codeFormat([seen(answer(400, envelope('KMS.1101')))])[0]?.status).toBe('pass');
    expect(codeFormat([seen(answer(400, envelope('kms.1101')))])[0]).toMatchObject({
      status: 'fail',
      aspect: 'error_code',
    });
    expect(codeFormat([seen(answer(400, { error: { error_msg: 'm' } }))])[0]?.status).toBe('fail');
    expect(codeFormat([seen(answer(200, keyInfo()))])).toEqual([]);
  });

  it('CK-ERROR-CODE-OBSERVED: another code is recorded, never failed; no envelope fails', () => {
    expect(codesObserved([seen(answer(400, envelope('KMS.0308')))])[0]).toMatchObject({
      status: 'pass',
      observation: 'KMS.0308 (reference KMS.1101)',
    });
    expect(codesObserved([seen(answer(400, 'bad'))])[0]).toMatchObject({
      status: 'fail',
      aspect: 'envelope',
    });
  });
});
