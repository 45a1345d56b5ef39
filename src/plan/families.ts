/**
 * Which families of derived cases exercise each requirement, in either edition: the refusals the suites
 * send, the values the key phase needs accepted, the open readings it records. docs/requirements.md shows it.
 */

import { editions } from '../catalogue/types.js';
import { type DerivationFamily, deriveCases } from '../generators/derive.js';
import { candidatesFor } from './facets.js';

export function derivedFamilies(): ReadonlyMap<string, readonly string[]> {
  const found = new Map<string, Set<string>>();
  const add = (id: string, what: string) => found.set(id, (found.get(id) ?? new Set()).add(what));
  for (const edition of editions) {
    const cases = deriveCases(edition);
    const familyOf = new Map<string, DerivationFamily>(cases.map((c) => [c.key, c.family]));
    for (const c of cases)
      if (c.classification.expect !== 'accept')
        for (const r of c.classification.rules) add(r.id, `${c.family} (${c.classification.expect})`);
    const { cells, openCells, facets } = candidatesFor(edition, { aksk: true });
    for (const facet of [
      ...facets,
      ...cells.flatMap((c) => c.facets),
      ...openCells.flatMap((c) => c.facets),
    ]) {
      const family =
        familyOf.get(facet.key.replace(/ \[[a-z_]+\]$/, '')) ?? (facet.cell ? 'cell' : undefined);
      if (family && !facet.open) for (const i of facet.items) add(i.requirement, `${family} (accept)`);
    }
    for (const cell of cells) for (const i of cell.cellItems) add(i.requirement, 'cell (accept)');
  }
  // The seeded property draws on every family to replace fields of valid bodies.
  add('CK-ROBUST-NO-SERVER-ERROR', 'every family (the seeded property)');
  return new Map([...found].map(([id, set]) => [id, [...set].sort()]));
}
