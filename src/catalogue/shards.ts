/**
 * How `--shard i/n` splits a run: by family (one suite file each, as vitest shards by file), the families
 * spread over the shards by their number of requirements, heaviest first onto the lightest shard. Pure and
 * deterministic, so every job of a CI matrix computes the same split.
 */
import { requirementsFor } from './index.js';
import type { Edition, Family } from './types.js';

export interface Shard {
  /** 1-based, as in `--shard 2/3`. */
  readonly index: number;
  readonly count: number;
}

export function familiesOf(edition: Edition, shard: Shard): ReadonlySet<Family> {
  const weight = new Map<Family, number>();
  for (const r of requirementsFor(edition)) weight.set(r.family, (weight.get(r.family) ?? 0) + 1);
  const families = [...weight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const load = Array.from({ length: shard.count }, () => 0);
  const mine = new Set<Family>();
  for (const [family, w] of families) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest] = (load[lightest] ?? 0) + w;
    if (lightest === shard.index - 1) mine.add(family);
  }
  return mine;
}

export const shardLabel = (s: Shard) => `${s.index}/${s.count}`;
