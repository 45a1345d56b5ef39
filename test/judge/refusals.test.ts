import { describe, expect, it } from 'vitest';
import { authRefusal, signatureRefusal } from '../../src/judge/authentication.js';
import { acceptedEarlier, isStateRefusal, refusal } from '../../src/judge/refusals.js';
import { answer, envelope, evidenceOf, keyInfo } from '../support/facts.js';

const judge = (x: ReturnType<typeof answer>) =>
  refusal('CK-ALIAS-TYPE', 'key_alias type: true', x, evidenceOf(x));

describe('refusals', () => {
  it('400 with the envelope passes; another status or no envelope fails, saying what differed', () => {
    expect(judge(answer(400, envelope('KMS.1101')))).toMatchObject({
      status: 'pass',
      message: 'refused: 400 KMS.1101',
    });
    expect(judge(answer(200, keyInfo()))).toMatchObject({ status: 'fail', aspect: 'status' });
    expect(judge(answer(422, envelope('KMS.1101')))).toMatchObject({ status: 'fail', aspect: 'status' });
    expect(judge(answer(400, 'bad alias'))).toMatchObject({ status: 'fail', aspect: 'envelope' });
  });

  it('a refusal for the account state (alias taken, quota) is no evidence', () => {
    expect(isStateRefusal(answer(400, envelope('KMS.1104')))).toBe(true);
    expect(isStateRefusal(answer(400, envelope('KMS.1105')))).toBe(true);
    expect(isStateRefusal(answer(400, envelope('KMS.1101')))).toBe(false);
  });

  it('an alias refused only as taken, by a key this run made with it, was accepted before: that fails', () => {
    const taken = { ...answer(400, envelope('KMS.1104')), request: { body: '{"key_alias":""}' } };
    const made = [
      { keyId: 'k-1', alias: 'other', domainId: 'd', test: 'a check' },
      {
        keyId: 'k-2',
        alias: '',
        domainId: 'd',
        test: 'robustness: generated bodies',
        evidence: evidenceOf(answer(200, keyInfo())),
      },
    ];
    const found = acceptedEarlier(
      'CK-ALIAS-LENGTH-INVALID',
      'key_alias length: 0',
      taken,
      evidenceOf(taken),
      made,
    );
    expect(found).toMatchObject({ status: 'fail', aspect: 'status' });
    expect(found?.message).toBe(
      'Accepted before: key_alias "" made key k-2 (robustness: generated bodies); now refused only as a duplicate (KMS.1104); expected 400 for the value itself',
    );
    expect(found?.evidence).toHaveLength(2);
    // No key of the run holds the alias, or the refusal is not for a taken alias: no evidence either way.
    expect(
      acceptedEarlier('CK-ALIAS-LENGTH-INVALID', 'c', taken, evidenceOf(taken), made.slice(0, 1)),
    ).toBeUndefined();
    const quota = { ...answer(400, envelope('KMS.1105')), request: { body: '{"key_alias":""}' } };
    expect(acceptedEarlier('CK-ALIAS-LENGTH-INVALID', 'c', quota, evidenceOf(quota), made)).toBeUndefined();
  });

  it('authentication: 403 in the seed edition, 401 or 403 in the current one, with the envelope', () => {
    const x401 = answer(401, envelope('KMS.0302'));
    const x403 = answer(403, envelope('KMS.0302'));
    expect(authRefusal('CK-AUTH-MISSING', 'c', x403, evidenceOf(x403), 'seed').status).toBe('pass');
    expect(authRefusal('CK-AUTH-MISSING', 'c', x401, evidenceOf(x401), 'seed')).toMatchObject({
      status: 'fail',
      aspect: 'status',
    });
    expect(authRefusal('CK-AUTH-MISSING', 'c', x401, evidenceOf(x401), 'current').status).toBe('pass');
    const flat = answer(403, { error_code: 'APIGW.0301' });
    expect(authRefusal('CK-AUTH-MISSING', 'c', flat, evidenceOf(flat), 'seed')).toMatchObject({
      status: 'fail',
      aspect: 'envelope',
    });
  });

  it('a signature that must not verify: any 401 or 403 is a refusal, anything else fails', () => {
    const gateway = answer(401, { error_code: 'APIGW.0301', error_msg: 'verify aksk signature fail' });
    expect(signatureRefusal('CK-AUTH-SIGNATURE', 'c', gateway, evidenceOf(gateway)).status).toBe('pass');
    const accepted = answer(200, keyInfo());
    expect(signatureRefusal('CK-AUTH-SIGNATURE', 'c', accepted, evidenceOf(accepted))).toMatchObject({
      status: 'fail',
      aspect: 'status',
    });
  });
});
