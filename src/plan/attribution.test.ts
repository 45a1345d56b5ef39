import { describe, expect, it } from 'vitest';
import { type AttributionIo, attribute, type SendOutcome } from './attribution.js';
import type { Facet } from './types.js';

const facet = (key: string, extra: Partial<Facet> = {}): Facet => ({
  key,
  label: key,
  slot: key,
  open: false,
  items: [],
  ...extra,
});
const spec = facet('spec', { cell: true });
const usage = facet('usage', { cell: true });
const alias = facet('alias255');
const desc = facet('desc-emoji');
const rider1 = facet('unknown-field', { open: true });
const rider2 = facet('null-usage', { open: true });

/** A target that refuses any create carrying one of `refused`, with a budget of keys. */
function target(
  refused: readonly Facet[],
  keys = 10,
): AttributionIo & { sent: string[][]; accepted: number } {
  const io = {
    sent: [] as string[][],
    accepted: 0,
    async send(facets: readonly Facet[]): Promise<SendOutcome> {
      io.sent.push(facets.map((f) => f.key));
      if (facets.some((f) => refused.includes(f))) return 'refused';
      if (io.accepted >= keys) return 'stopped';
      io.accepted++;
      return 'accepted';
    },
    acceptable: (facets: readonly Facet[]) => !(facets.includes(usage) && !facets.includes(spec)),
    isCell: (f: Facet) => f.cell === true,
  };
  return io;
}

const named = (r: Awaited<ReturnType<typeof attribute>>) => r.refused.map((c) => c.facet.key).sort();

describe('attribution of a refused create', () => {
  it('names one refused value with one key, which serves everything else', async () => {
    const io = target([alias]);
    const r = await attribute([spec, usage, alias, desc], io);
    expect(named(r)).toEqual(['alias255']);
    expect(io.accepted).toBe(1);
    expect(r.accepted).toEqual([[spec, usage, desc]]);
    expect(r.refused[0]?.foundBy).toMatch(/accepted without alias255/);
  });

  it('names two refused riders at once: removing both is the first set accepted', async () => {
    const io = target([rider1, rider2]);
    const r = await attribute([spec, alias, rider1, rider2], io);
    expect(named(r)).toEqual(['null-usage', 'unknown-field']);
    expect(io.accepted).toBe(1);
  });

  it('names a refused rider and a refused value, trying the riders on the accepted body one at a time', async () => {
    const io = target([rider1, desc]);
    const r = await attribute([spec, alias, desc, rider1, rider2], io);
    expect(named(r)).toEqual(['desc-emoji', 'unknown-field']);
    expect(r.undetermined).toEqual([]);
  });

  it('finds the refused field of the cell itself, never sending a body that must be refused', async () => {
    const io = target([usage]);
    const r = await attribute([spec, usage, alias, desc], io);
    expect(named(r)).toContain('usage');
    expect(io.sent.some((s) => s.includes('usage') && !s.includes('spec'))).toBe(false);
  });

  it('stops where the budget stops, and says what it could not judge', async () => {
    const io = target([alias, desc], 1);
    const r = await attribute([spec, usage, alias, desc, rider1], io);
    expect(r.undetermined.length).toBeGreaterThan(0);
    expect(io.accepted).toBe(1);
  });

  it('sends no set twice', async () => {
    const io = target([spec]);
    await attribute([spec, alias], io);
    const seen = io.sent.map((s) => [...s].sort().join('|'));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
