import { describe, expect, it } from 'vitest';
import type { FacetSummary } from '../../src/judge/facts.js';
import { plannedFindings } from '../../src/judge/planned.js';
import type { Item } from '../../src/plan/types.js';
import { create, facts, key, send } from '../support/facts.js';

const id = 'CK-ALIAS-LENGTH-VALID';
const item: Item = { requirement: id, level: 'MUST', label: 'key_alias 255 characters', group: `${id}:255` };
const facet = (over: Partial<FacetSummary> = {}): FacetSummary => ({
  key: 'key_alias length: 255 characters',
  label: 'key_alias 255 characters',
  slot: 'key_alias',
  open: false,
  items: [item],
  ...over,
});
const statuses = (found: ReturnType<typeof plannedFindings>) =>
  found.map((f) => [f.case, f.status, f.aspect]);

describe('what the key phase says of a value that must be accepted', () => {
  it('accepted: pass; refused: fail, with the search that named it', () => {
    const served = facts({
      creates: [create({ id: 'P1', facets: [facet()], served: [facet().key] })],
      sends: [send({ status: 200, keyId: 'k1' })],
      keys: [key({ create: 'P1', send: 0 })],
    });
    expect(statuses(plannedFindings(served, id, 'seed'))).toEqual([
      ['key_alias 255 characters', 'pass', undefined],
    ]);
    const refused = facts({
      creates: [
        create({
          id: 'P1',
          facets: [facet()],
          refused: [{ facet: facet().key, foundBy: 'refused with it, accepted without it', sends: [0] }],
        }),
      ],
      sends: [send({ status: 400, code: 'KMS.1101', envelope: true })],
    });
    const [f] = plannedFindings(refused, id, 'seed');
    expect(f).toMatchObject({ status: 'fail', aspect: 'status' });
    expect(f?.message).toMatch(/refused with it, accepted without it; first answer 400 KMS.1101/);
    expect(f?.evidence).toHaveLength(1);
  });

  it('a key made with 201 is an acceptance the spec does not document', () => {
    const phase = facts({
      creates: [create({ id: 'P1', facets: [facet()], served: [facet().key] })],
      sends: [send({ status: 201, keyId: 'k1' })],
      keys: [key({ create: 'P1', send: 0 })],
    });
    expect(plannedFindings(phase, id, 'seed')[0]).toMatchObject({ status: 'fail', aspect: 'status' });
  });

  it('an open reading refused: a documented 4xx with the envelope is recorded; anything else fails; no answer is ours', () => {
    const open = (s: ReturnType<typeof send>) =>
      plannedFindings(
        facts({
          creates: [
            create({
              id: 'P1',
              facets: [facet({ open: true })],
              refused: [{ facet: facet().key, foundBy: 'refused', sends: [0] }],
            }),
          ],
          sends: [s],
        }),
        id,
        'seed',
      )[0];
    expect(open(send({ status: 400, code: 'KMS.0308', envelope: true }))).toMatchObject({
      status: 'pass',
      observation: 'refused (400 KMS.0308)',
    });
    expect(open(send({ status: 422, code: 'KMS.0308', envelope: true }))).toMatchObject({
      status: 'fail',
      aspect: 'status',
    });
    expect(open(send({ status: 400, envelope: false }))).toMatchObject({
      status: 'fail',
      aspect: 'envelope',
    });
    expect(
      open(send({ status: 0, unanswered: { code: 'KMSCT_ERR_CONNECTION', message: 'socket hang up' } })),
    ).toMatchObject({ status: 'fail', aspect: 'connection' });
    expect(
      open(send({ status: 0, unanswered: { code: 'KMSCT_ERR_TIMEOUT', message: 'no answer' } })),
    ).toMatchObject({
      status: 'error',
      code: 'KMSCT_ERR_NO_ANSWER',
    });
  });

  it('what the budget left out is skipped for the budget; a create refused for another value is our error', () => {
    const cut = facts({
      creates: [
        create({ id: 'P1', facets: [facet()], notSent: { reason: '--max-keys 3 used up', budget: true } }),
      ],
    });
    expect(plannedFindings(cut, id, 'seed')[0]).toMatchObject({ status: 'skip', skipKind: 'budget' });
    const other = facts({ creates: [create({ id: 'P1', facets: [facet()] })] });
    expect(plannedFindings(other, id, 'seed')[0]).toMatchObject({
      status: 'error',
      code: 'KMSCT_ERR_KEY_PHASE',
    });
  });

  it("nothing to judge: skipped with the plan's reason, or the capability the target lacks", () => {
    const unplanned = facts({ unplanned: [{ item, reason: '--max-keys 2 leaves no key for it' }] });
    expect(plannedFindings(unplanned, id, 'seed')).toMatchObject([
      { status: 'skip', skipKind: 'budget', message: 'skipped: budget: --max-keys 2 leaves no key for it' },
    ]);
    const gap = {
      capability: { kind: 'capability' as const, reason: 'skipped: the target offers no describe-key (404)' },
    };
    expect(plannedFindings(facts({}), 'CK-SPEC-DEFAULT', 'seed', gap)).toMatchObject([
      { status: 'skip', skipKind: 'capability' },
    ]);
  });

  it('one value on two creates: the cases are told apart by the creates', () => {
    const two = facts({
      creates: [
        create({ id: 'P1', label: 'key_spec AES_256', facets: [facet()], served: [facet().key] }),
        create({ id: 'P2', label: 'key_spec SM4', facets: [facet()], served: [facet().key] }),
      ],
      sends: [send({ status: 200, keyId: 'k1' }), send({ status: 200, keyId: 'k2' })],
      keys: [key({ create: 'P1', send: 0 }), key({ create: 'P2', send: 1 })],
    });
    expect(plannedFindings(two, id, 'seed').map((f) => f.case)).toEqual([
      'key_alias 255 characters [key_spec AES_256]',
      'key_alias 255 characters [key_spec SM4]',
    ]);
  });
});

describe('what describe-key showed of each key', () => {
  const described = (d: NonNullable<ReturnType<typeof key>['described']>) =>
    facts({
      creates: [create({ id: 'P1', label: 'key_alias only' })],
      sends: [send({ status: 200, keyId: 'k1' })],
      keys: [key({ create: 'P1', send: 0, body: { key_alias: 'a' }, described: d })],
    });
  const evidence = send({ status: 200 }).evidence;

  it('a default shown passes; a default missing fails with the attribute', () => {
    expect(
      plannedFindings(described({ kind: 'described', evidence, mismatches: [] }), 'CK-SPEC-DEFAULT', 'seed'),
    ).toMatchObject([{ case: 'key of key_alias only', status: 'pass' }]);
    const wrong = described({
      kind: 'described',
      evidence,
      mismatches: [{ id: 'CK-SPEC-DEFAULT', attribute: 'key_spec', expected: 'AES_256', received: 'SM4' }],
    });
    expect(plannedFindings(wrong, 'CK-SPEC-DEFAULT', 'seed')[0]).toMatchObject({
      status: 'fail',
      aspect: 'key_spec',
      message: 'key_spec: expected AES_256, received "SM4"',
    });
  });

  it('describe-key refusing a key it made fails CK-DESCRIBE-ECHO, and leaves the defaults unread (our error)', () => {
    const refused = described({ kind: 'refused', answer: '404 KMS.0207', evidence });
    expect(plannedFindings(refused, 'CK-DESCRIBE-ECHO', 'seed')[0]).toMatchObject({
      status: 'fail',
      aspect: 'status',
    });
    expect(plannedFindings(refused, 'CK-SPEC-DEFAULT', 'seed')[0]).toMatchObject({
      status: 'error',
      code: 'KMSCT_ERR_KEY_PHASE',
    });
  });
});
