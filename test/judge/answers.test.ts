import { describe, expect, it } from 'vitest';
import { brokenRules, keyPhaseBroken, ruleFinding, sendFindings, verdicts } from '../../src/judge/answers.js';
import { answer, envelope, evidenceOf, facts, keyInfo, send } from '../support/facts.js';

const broken = (x: ReturnType<typeof answer>, edition: 'seed' | 'current' = 'seed') =>
  verdicts(x, edition)
    .filter((v) => v.message !== undefined)
    .map((v) => v.id);

describe('the rules every answer keeps', () => {
  it('a documented 200 and a documented 400 break none', () => {
    expect(broken(answer(200, keyInfo()))).toEqual([]);
    expect(broken(answer(400, envelope('KMS.1101')))).toEqual([]);
  });

  it('judge the whole answer: a valid 200 of 5,000 characters (the key record with tags) holds CK-RESP-*', () => {
    const record = {
      ...keyInfo().key_info,
      tags: Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: 'v'.repeat(20) })),
    };
    const x = answer(200, { key_info: record });
    expect(x.text.length).toBeGreaterThan(5000);
    expect(broken(x)).toEqual([]);
    const judged = verdicts(x, 'seed').map((v) => v.id);
    expect(judged).toEqual(
      expect.arrayContaining(['CK-RESP-SCHEMA', 'CK-RESP-KEY-ID-FORMAT', 'CK-RESP-DOMAIN-ID-FORMAT']),
    );
  });

  it.each([
    [
      'a numeric domain_id',
      answer(200, { key_info: { key_id: keyInfo().key_info.key_id, domain_id: 4242 } }),
      ['CK-RESP-SCHEMA'],
    ],
    [
      'an uppercase key_id',
      answer(200, keyInfo('BB6A3D22-DC93-47AC-B5BD-88DF7AD35F1E')),
      ['CK-RESP-KEY-ID-FORMAT'],
    ],
    ['a 500', answer(500, envelope('KMS.0101')), ['CK-STATUS-DOCUMENTED', 'CK-ROBUST-NO-SERVER-ERROR']],
    ['a flat error body', answer(400, { error_code: 'KMS.1101', error_msg: 'm' }), ['CK-ERROR-ENVELOPE']],
    ['a lowercase error code', answer(400, envelope('kms.1101')), ['CK-ERROR-CODE-FORMAT']],
    ['text/plain', answer(400, envelope('KMS.1101'), { 'content-type': 'text/plain' }), ['CK-CONTENT-TYPE']],
  ])('%s breaks exactly its rules', (_label, x, ids) => {
    expect(broken(x)).toEqual(ids);
  });

  it('a 401 is documented by the current edition only', () => {
    expect(broken(answer(401, envelope('KMS.0302')), 'seed')).toEqual(['CK-STATUS-DOCUMENTED']);
    expect(broken(answer(401, envelope('KMS.0302')), 'current')).toEqual([]);
  });

  it('a broken rule becomes an always-on finding of its requirement; a rule that does not apply says nothing', () => {
    const x = answer(400, { error_code: 'KMS.1101' });
    const [f] = brokenRules(verdicts(x, 'seed'), 'CK-ALIAS-TYPE key_alias type: true', [evidenceOf(x)]);
    expect(f).toMatchObject({
      requirement: 'CK-ERROR-ENVELOPE',
      status: 'fail',
      aspect: 'envelope',
      alwaysOn: true,
    });
    expect(ruleFinding('CK-RESP-SCHEMA', 'c', verdicts(x, 'seed'), evidenceOf(x))).toEqual([]);
    expect(ruleFinding('CK-ERROR-ENVELOPE', 'c', verdicts(x, 'seed'), evidenceOf(x))[0]?.status).toBe('fail');
  });

  it('reports the verdicts the key phase kept, a finding per answer, under the same names as its broken rules', () => {
    const good = send({ status: 200, rules: verdicts(answer(200, keyInfo()), 'seed') });
    const bad = send({
      status: 200,
      why: 'race (copy 2/4)',
      rules: verdicts(answer(200, { key_info: 'x' }), 'seed'),
    });
    const phase = facts({ sends: [good, bad] });
    const found = sendFindings(phase, 'CK-RESP-SCHEMA');
    expect(found.map((f) => f.status)).toEqual(['pass', 'fail']);
    expect(keyPhaseBroken(phase).map((f) => f.fingerprint)).toContain(found[1]?.fingerprint);
    expect(sendFindings(facts({ sends: [send({ status: 400 })] }), 'CK-RESP-SCHEMA')[0]?.status).toBe('skip');
  });
});
