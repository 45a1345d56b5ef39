import { describe, expect, it } from 'vitest';
import { classify } from '../../src/catalogue/oracle.js';
import { disagreement, type PropertyRun, propertyFindings } from '../../src/judge/property.js';
import { answer, envelope, evidenceOf, keyInfo } from '../support/facts.js';

const run = (over: Partial<PropertyRun>): PropertyRun => ({ seed: 7, numRuns: 50, sent: 50, ...over });
const own = (r: PropertyRun) =>
  propertyFindings(r, 'seeded random bodies').filter((f) => f.requirement === 'CK-ROBUST-NO-SERVER-ERROR');

describe('the seeded property', () => {
  it('passes only when every trial was sent and none disagreed', () => {
    expect(own(run({}))).toMatchObject([
      {
        status: 'pass',
        message: '50 of 50 bodies sent (seed 7): no 5xx, every answer agreed with the schema',
      },
    ]);
  });

  it('an exception inside it is an error, never a pass', () => {
    expect(
      own(run({ sent: 3, exception: { code: 'KMSCT_ERR_TIMEOUT', message: 'no answer within 1000 ms' } })),
    ).toMatchObject([{ status: 'error', code: 'KMSCT_ERR_TIMEOUT' }]);
  });

  it('stopped at its time limit or by the budget: a skip that says how far it got', () => {
    expect(own(run({ sent: 23, stopped: 'the property stopped at its time limit (40 s)' }))).toMatchObject([
      {
        status: 'skip',
        skipKind: 'budget',
        message:
          'skipped: budget: the property stopped at its time limit (40 s): 23 of 50 bodies sent (seed 7), none disagreed',
      },
    ]);
    expect(own(run({ sent: 0 }))[0]?.status).toBe('skip');
  });

  it('a 5xx fails it; a disagreement fails the rule the body breaks', () => {
    const x = answer(500, envelope('KMS.0101'));
    expect(own(run({ serverError: { message: '500 for {}', evidence: evidenceOf(x) } }))[0]).toMatchObject({
      status: 'fail',
      aspect: 'status',
    });
    const body = { key_alias: 'kmsct-p-1', key_spec: 'AES-256' };
    const found = disagreement(
      answer(200, keyInfo()),
      classify(body, 'seed'),
      { body, replaced: ['key_spec'] },
      'seed',
    );
    expect(found).toMatchObject({ id: 'CK-SPEC-ENUM-INVALID', aspect: 'status' });
    const all = propertyFindings(
      run({
        counterexample: {
          found: found as NonNullable<typeof found>,
          body,
          path: '3:1',
          evidence: evidenceOf(x),
        },
      }),
      'seeded random bodies',
    );
    expect(all.map((f) => [f.requirement, f.status])).toEqual([
      ['CK-SPEC-ENUM-INVALID', 'fail'],
      ['CK-ROBUST-NO-SERVER-ERROR', 'pass'],
    ]);
  });

  it('a valid body refused names the acceptance rule of the field it replaced', () => {
    const body = { key_alias: 'kmsct-p-1', key_spec: 'SM4' };
    expect(
      disagreement(
        answer(400, envelope('KMS.0308')),
        classify(body, 'seed'),
        { body, replaced: ['key_spec'] },
        'seed',
      )?.id,
    ).toBe('CK-SPEC-ENUM-VALID');
    expect(
      disagreement(answer(200, keyInfo()), classify(body, 'seed'), { body, replaced: ['key_spec'] }, 'seed'),
    ).toBeUndefined();
  });
});
