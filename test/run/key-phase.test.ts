import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../src/cli/options.js';
import type { KeyPhaseFacts } from '../../src/judge/facts.js';
import { prepareRun } from '../../src/run/prepare.js';

/** The key phase of a live-profile run (--max-keys 10, 4 at once) against the reference with `faults`. */
async function keyPhase(
  faults: readonly string[] = [],
  extra: readonly string[] = [],
): Promise<KeyPhaseFacts> {
  const options = resolveRunOptions(
    ['--max-keys', '10', '--concurrency', '4', ...faults.flatMap((f) => ['--fault', f]), ...extra],
    {},
  );
  if (options === 'help') throw new Error('unexpected help');
  const prepared = await prepareRun(options);
  try {
    return prepared.context.keys;
  } finally {
    const { cleaned } = await prepared.finish();
    expect(cleaned.every((k) => k.outcome === 'scheduled')).toBe(true);
  }
}

const refusedValues = (facts: KeyPhaseFacts) =>
  facts.creates.flatMap((c) =>
    c.refused.filter((r) => !c.facets.find((f) => f.key === r.facet)?.open).map((r) => `${c.id} ${r.facet}`),
  );

describe('the key phase, live profile', () => {
  it('against the reference: every planned create is served within 10 keys; only open riders are refused', async () => {
    const facts = await keyPhase();
    expect(facts.keys.filter((k) => k.replayOf === undefined).length).toBeLessThanOrEqual(10);
    expect(refusedValues(facts)).toEqual([]);
    expect(facts.creates.filter((c) => c.notSent || c.undetermined.length > 0)).toEqual([]);
    // The duplicate probe was refused for the alias alone; the race made one key of four copies.
    const dup = facts.duplicate && facts.sends[facts.duplicate.send];
    expect([dup?.status, dup?.code, facts.duplicate?.conclusive]).toEqual([400, 'KMS.1104', true]);
    const race = (facts.race?.sends ?? []).map((i) => facts.sends[i]?.status);
    expect(race.filter((s) => s === 200)).toHaveLength(1);
    expect(race).toHaveLength(4);
    // Every key was described, and showed what it was created with.
    for (const k of facts.keys)
      expect(k.described?.kind === 'described' ? k.described.mismatches : 'not described').toEqual([]);
    // Every answer was judged when it came, by the rules every answer keeps: none broke one.
    expect(facts.sends.flatMap((s) => s.rules.filter((r) => r.message !== undefined))).toEqual([]);
    expect(facts.sends.every((s) => s.rules.some((r) => r.id === 'CK-STATUS-DOCUMENTED'))).toBe(true);
    // Creates are named by what they carry, never by a value of the run.
    expect(new Set(facts.creates.map((c) => c.label)).size).toBe(facts.creates.length);
    expect(facts.creates.map((c) => c.label).join()).not.toMatch(/kmsct-/);
  });

  it('names the value a target refuses, and says which send found it', async () => {
    const facts = await keyPhase(['alias-max-254']);
    expect(refusedValues(facts)).toEqual([expect.stringMatching(/key_alias length: 255 characters$/)]);
    const create = facts.creates.find((c) => c.refused.some((r) => r.facet.endsWith('255 characters')));
    expect(create?.refused[0]?.foundBy).toMatch(/refused with it, accepted without key_alias 255 characters/);
    // The key that named it serves the rest of that create: every facet is served or named.
    expect((create?.served.length ?? 0) + (create?.refused.length ?? 0)).toBe(create?.facets.length);
    expect(create?.undetermined).toEqual([]);
    expect(facts.keys.filter((k) => k.replayOf === undefined).length).toBeLessThanOrEqual(10);
  });

  it('spends no key on the duplicate probe of a target that accepts duplicate aliases', async () => {
    const facts = await keyPhase(['duplicate-aliases-allowed']);
    const dup = facts.duplicate && facts.sends[facts.duplicate.send];
    expect(dup?.status).toBe(200);
    expect(facts.creates.find((c) => c.role === 'duplicate-carrier')?.served.length).toBeGreaterThan(0);
    expect(facts.keys.length).toBeLessThanOrEqual(10);
  });

  it('counts a key answered with 201 as a key (to clean up), and keeps the status for the checks', async () => {
    const facts = await keyPhase(['created-201'], ['--grep', 'CK-CREATE-MINIMAL']);
    expect(facts.keys.length).toBeGreaterThan(0);
    expect(facts.sends[facts.keys[0]?.send ?? -1]?.status).toBe(201);
    expect(facts.creates[0]).toMatchObject({ role: 'minimal', refused: [], undetermined: [] });
  });
});
