import { describe, expect, it } from 'vitest';
import { classify } from '../catalogue/oracle.js';
import type { Edition } from '../catalogue/types.js';
import { bodyWith } from './facets.js';
import { planKeys } from './planner.js';

const fresh = {
  alias: () => 'kmsct-plan-test',
  digits: () => '7000000000003',
  sequence: () => 'a'.repeat(36),
};
const plan = (edition: Edition, maxKeys: number, extra: Partial<Parameters<typeof planKeys>[0]> = {}) =>
  planKeys({ edition, maxKeys, concurrency: 4, aksk: true, describe: true, selected: () => true, ...extra });
const lost = (p: ReturnType<typeof plan>, levels = ['MUST', 'SHOULD']) =>
  p.unplanned
    .filter((u) => u.item.group !== undefined && levels.includes(u.item.level))
    .map((u) => `${u.item.requirement} ${u.item.label}`);

describe('the key planner', () => {
  it('checks every MUST and SHOULD value of the seed edition within 10 keys', () => {
    const p = plan('seed', 10);
    expect(p.creates.length).toBeLessThanOrEqual(10);
    expect(lost(p)).toEqual([]);
    expect(p.budget.floor).toBeLessThanOrEqual(10);
  });

  it('needs one key per documented key spec at least: below that floor it says which value it leaves out', () => {
    const p = plan('seed', 5);
    expect(p.creates.length).toBe(5);
    // Five keys, one of them the bare create (no key_spec): four specs at most, so four or more left out.
    expect(lost(p).filter((l) => l.startsWith('CK-SPEC-ENUM-VALID')).length).toBeGreaterThanOrEqual(4);
    expect(p.unplanned.every((u) => /--max-keys 5 has no key left for it/.test(u.reason))).toBe(true);
  });

  it('without a cap, plans every value and every open cell', () => {
    for (const edition of ['seed', 'current'] as const) {
      const p = plan(edition, 0);
      expect(lost(p, ['MUST', 'SHOULD', 'MAY']), edition).toEqual([]);
      expect(p.creates.some((c) => c.attempt)).toBe(true);
      expect(p.creates.length).toBeLessThanOrEqual(40);
    }
  });

  it('builds only creates the oracle says must be accepted (riders aside, which are open by nature)', () => {
    for (const edition of ['seed', 'current'] as const)
      for (const c of plan(edition, 0).creates.filter((c) => !c.attempt)) {
        const body = bodyWith(
          c.facets.filter((f) => !f.open),
          fresh,
        );
        expect(classify(body, edition).expect, `${c.id} ${JSON.stringify(body)}`).toBe('accept');
      }
  });

  it('keeps the bare create bare, the carriers plain, and riders few', () => {
    const p = plan('seed', 10);
    const [first] = p.creates;
    expect(first?.role).toBe('minimal');
    expect(first?.facets.every((f) => f.slot === 'key_alias' && !f.open)).toBe(true);
    const dup = p.creates.find((c) => c.role === 'duplicate-carrier');
    expect(dup?.facets.some((f) => f.slot === 'key_alias')).toBe(false);
    for (const carrier of p.creates.filter(
      (c) => c.role === 'duplicate-carrier' || c.role === 'race-carrier',
    ))
      expect(carrier.facets.filter((f) => f.open || f.slot === 'transport')).toEqual([]);
    for (const c of p.creates) expect(c.facets.filter((f) => f.open).length).toBeLessThanOrEqual(2);
  });

  it('plans only what the selected requirements need, and nothing observed through an operation the target lacks', () => {
    const aliases = plan('seed', 0, { selected: (id) => id.startsWith('CK-ALIAS-') });
    const items = aliases.creates.flatMap((c) => [...c.cellItems, ...c.facets.flatMap((f) => f.items)]);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => !i.requirement.startsWith('CK-ALIAS-'))).toEqual([]);
    expect(items.some((i) => i.requirement === 'CK-SPEC-ENUM-VALID')).toBe(false);
    const blind = plan('seed', 0, { describe: false });
    expect(blind.creates.flatMap((c) => c.cellItems).some((i) => i.described)).toBe(false);
  });

  it('signs a create with AK/SK only when the run has AK/SK', () => {
    const has = (p: ReturnType<typeof plan>) =>
      p.creates.some((c) => c.facets.some((f) => f.transport === 'aksk'));
    expect(has(plan('seed', 10))).toBe(true);
    expect(has(plan('seed', 10, { aksk: false }))).toBe(false);
  });
});
