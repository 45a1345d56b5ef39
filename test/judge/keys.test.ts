import { describe, expect, it } from 'vitest';
import {
  aliasOnce,
  distinctInParallel,
  domainIdStable,
  duplicateAlias,
  keyIdsUnique,
  type MadeKey,
} from '../../src/judge/keys.js';
import { facts, key, send } from '../support/facts.js';

const made = (keyId: string, over: Partial<MadeKey> = {}): MadeKey => ({
  keyId,
  alias: `a-${keyId}`,
  domainId: 'd',
  test: 't',
  ...over,
});

describe('the keys of the run together', () => {
  it('CK-KEY-ID-UNIQUE: distinct ids pass, a reused id fails, a replay of one sequence is allowed (§7)', () => {
    expect(keyIdsUnique([made('k1'), made('k2')])[0]?.status).toBe('pass');
    expect(keyIdsUnique([made('k1'), made('k1', { alias: 'b' })])[0]).toMatchObject({
      status: 'fail',
      aspect: 'key_id',
    });
    expect(
      keyIdsUnique([made('k1', { sequence: 's' }), made('k1', { alias: 'b', sequence: 's' })])[0]?.status,
    ).toBe('pass');
    expect(keyIdsUnique([made('k1')])[0]).toMatchObject({ status: 'skip', skipKind: 'other' });
  });

  it('CK-DOMAIN-ID-STABLE: one domain passes, two fail', () => {
    expect(domainIdStable([made('k1'), made('k2')])[0]?.status).toBe('pass');
    expect(domainIdStable([made('k1'), made('k2', { domainId: 'e' })])[0]).toMatchObject({
      status: 'fail',
      aspect: 'domain_id',
    });
  });

  it('CK-CONCURRENT-DISTINCT-IDS: a batch of keys made at once with one key_id fails', () => {
    const batch = (a: string, b: string) =>
      facts({
        sends: [
          send({ status: 200, keyId: a, group: 'batch 1' }),
          send({ status: 200, keyId: b, group: 'batch 1' }),
        ],
      });
    expect(distinctInParallel(batch('k1', 'k2'))[0]?.status).toBe('pass');
    expect(distinctInParallel(batch('k1', 'k1'))[0]).toMatchObject({
      status: 'fail',
      case: 'creates in parallel (batch 1)',
    });
    expect(distinctInParallel(facts({}))[0]?.status).toBe('skip');
  });

  it('CK-ALIAS-DUPLICATE: refused with 400 passes (observed); accepted fails; an inconclusive probe is our error', () => {
    const probe = (s: ReturnType<typeof send>, conclusive = true) =>
      duplicateAlias(
        facts({
          sends: [send({ status: 200 }), s],
          keys: [key({ create: 'P0', send: 0 })],
          duplicate: { send: 1, conclusive },
        }),
      )[0];
    expect(probe(send({ status: 400, code: 'KMS.1104', envelope: true }))).toMatchObject({
      status: 'pass',
      observation: 'refused (400 KMS.1104)',
    });
    expect(probe(send({ status: 200 }))).toMatchObject({ status: 'fail', observation: 'accepted (200)' });
    expect(probe(send({ status: 400, code: 'KMS.1101', envelope: true }), false)).toMatchObject({
      status: 'error',
      code: 'KMSCT_ERR_KEY_PHASE',
    });
  });

  it('CK-CONCURRENT-ALIAS-ONCE: one of the copies accepted passes; two fail', () => {
    const race = (statuses: number[]) =>
      aliasOnce(
        facts({
          sends: statuses.map((status, i) =>
            send({ status, why: `planned (copy ${i + 1}/${statuses.length})`, group: 'race' }),
          ),
          race: { sends: statuses.map((_, i) => i), parallel: statuses.length },
        }),
      )[0];
    expect(race([200, 400, 400, 400])).toMatchObject({ status: 'pass', observation: '1 of 4 accepted' });
    expect(race([200, 200, 400, 400])).toMatchObject({ status: 'fail', aspect: 'status' });
    expect(race([400, 400])).toMatchObject({ status: 'error' });
  });
});
