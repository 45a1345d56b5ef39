/**
 * Attribution: when a packed create is refused, which facet did the target refuse? The search sends smaller
 * creates until it can name each culprit. A refusal costs no key, an acceptance costs one (and serves the
 * facets it carried), so the search removes one facet at a time first: with one culprit, the first accepted
 * send names it and serves everything else. Pure: sending is injected.
 */
import type { Facet } from './types.js';

/** What one send found: accepted (a key), refused, or stopped (no budget left, or our own error). */
export type SendOutcome = 'accepted' | 'refused' | 'stopped';

export interface AttributionStep {
  readonly sent: readonly Facet[];
  /** Why this send: e.g. "without key_alias 255 characters". */
  readonly why: string;
  readonly outcome: SendOutcome;
}

export interface Culprit {
  readonly facet: Facet;
  /** How it was named, in words. */
  readonly foundBy: string;
  /** The step (index into `steps`) that named it. */
  readonly step: number;
}

export interface Attribution {
  /** Facets carried by accepted sends: each send is a key that serves them. */
  readonly accepted: readonly (readonly Facet[])[];
  readonly refused: readonly Culprit[];
  /** Facets the search could not judge (the budget ran out, or the bare cell itself was refused). */
  readonly undetermined: readonly Facet[];
  readonly steps: readonly AttributionStep[];
}

export interface AttributionIo {
  send(facets: readonly Facet[], why: string): Promise<SendOutcome>;
  /** Whether a set of facets makes a body that must be accepted; only such sets are sent. */
  acceptable(facets: readonly Facet[]): boolean;
  /** Facets of the cell: what remains when everything else is taken out. */
  isCell(facet: Facet): boolean;
}

const keyOf = (facets: readonly Facet[]) =>
  facets
    .map((f) => f.key)
    .sort()
    .join('|');
const without = (all: readonly Facet[], gone: readonly Facet[]) => all.filter((f) => !gone.includes(f));

/** Riders first (the likeliest to be refused), then how it is sent, then values, then the cell. */
function suspicion(f: Facet, io: AttributionIo): number {
  if (f.open) return 0;
  if (f.slot === 'transport') return 1;
  return io.isCell(f) ? 3 : 2;
}

/** Searches a refused create (`all`, already sent and refused) for the facets the target refused. */
export async function attribute(all: readonly Facet[], io: AttributionIo): Promise<Attribution> {
  const steps: AttributionStep[] = [];
  const accepted: Facet[][] = [];
  const refused: Culprit[] = [];
  const tried = new Map<string, SendOutcome>([[keyOf(all), 'refused']]);
  const send = async (facets: readonly Facet[], why: string) => {
    const seen = tried.get(keyOf(facets));
    if (seen !== undefined) return seen;
    const outcome = await io.send(facets, why);
    tried.set(keyOf(facets), outcome);
    steps.push({ sent: facets, why, outcome });
    if (outcome === 'accepted') accepted.push([...facets]);
    return outcome;
  };
  const done = (undetermined: readonly Facet[]): Attribution => ({ accepted, refused, undetermined, steps });

  // 1. Open facets out, in sets, smallest first: the first accepted set is exactly the refused riders (a
  //    smaller set was refused, so each member is refused on its own), and the key serves everything else.
  const opens = all.filter((f) => f.open);
  for (const gone of subsets(opens).slice(1)) {
    const rest = without(all, gone);
    if (!io.acceptable(rest)) continue;
    const why = `without ${gone.map((f) => f.label).join(' and ')}`;
    const outcome = await send(rest, why);
    if (outcome === 'stopped') return done(all);
    if (outcome === 'accepted') {
      for (const f of gone)
        refused.push({ facet: f, foundBy: `refused with it, accepted ${why}`, step: steps.length - 1 });
      return done([]);
    }
  }
  // 2. One value out at a time, the open facets kept and then out: one refused value is named by one key.
  const values = all.filter((f) => !f.open).sort((a, b) => suspicion(a, io) - suspicion(b, io));
  for (const f of values) {
    for (const gone of opens.length ? [[f], [f, ...opens]] : [[f]]) {
      const rest = without(all, gone);
      if (!io.acceptable(rest)) continue;
      const why = `without ${gone.map((g) => g.label).join(' and ')}`;
      const outcome = await send(rest, why);
      if (outcome === 'stopped') return done(all);
      if (outcome !== 'accepted') continue;
      refused.push({ facet: f, foundBy: `refused with it, accepted ${why}`, step: steps.length - 1 });
      // The open facets left out with it are judged on the accepted body, one at a time.
      return done(await onBase(rest, without(gone, [f])));
    }
  }

  // 3. Several refused values: find an accepted base in the cell, then try each other facet on it alone.
  const cell = all.filter((f) => io.isCell(f));
  let base: readonly Facet[] | undefined;
  for (const gone of subsets(cell)) {
    const candidate = without(cell, gone);
    if (!io.acceptable(candidate)) continue;
    const why = gone.length ? `the cell without ${gone.map((f) => f.label).join(' and ')}` : 'the cell alone';
    const outcome = await send(candidate, why);
    if (outcome === 'stopped') return done(all);
    if (outcome === 'accepted') {
      base = candidate;
      for (const f of gone) refused.push({ facet: f, foundBy: `accepted ${why}`, step: steps.length - 1 });
      break;
    }
  }
  if (base === undefined) return done(all);
  return done(await onBase(base, without(all, cell)));

  /** Tries each facet alone on an accepted body: refused names it, accepted serves it (a key each). */
  async function onBase(base: readonly Facet[], rest: readonly Facet[]): Promise<Facet[]> {
    const undetermined: Facet[] = [];
    for (const f of rest) {
      const trial = [...base, f];
      if (!io.acceptable(trial)) {
        undetermined.push(f);
        continue;
      }
      const why = `an accepted body with ${f.label} alone`;
      const outcome = await send(trial, why);
      if (outcome === 'stopped') undetermined.push(f);
      else if (outcome === 'refused')
        refused.push({ facet: f, foundBy: `refused ${why}`, step: steps.length - 1 });
    }
    return undetermined;
  }
}

/** Subsets of a small list, smallest first: [], [a], [b], [a, b], ... (cells have at most three facets). */
function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [[]];
  for (const item of items) for (const s of [...out]) out.push([...s, item]);
  return out.sort((a, b) => a.length - b.length);
}
