/**
 * The key planner: packs what positive checks need to see accepted into as few creates as the rules allow.
 * Cells of the spec × usage × origin matrix are the floor (a key has one of each); alias, description and
 * sequence values, riders and transport facets ride on them. Items are covered in order of level (MUST,
 * SHOULD, MAY), then depth; a budget (--max-keys) cuts from the end, so what it cuts is depth first.
 */
import type { Edition, Level } from '../catalogue/types.js';
import { type Candidates, type Cell, candidatesFor } from './facets.js';
import type { Facet, Item, Plan, PlannedCreate } from './types.js';

export interface PlanOptions {
  readonly edition: Edition;
  /** Most keys the plan may set out to create; 0 means no cap. */
  readonly maxKeys: number;
  readonly concurrency: number;
  /** The run can sign with AK/SK: a create may be sent that way. */
  readonly aksk: boolean;
  /** describe-key is offered: items observed through it can be served. */
  readonly describe: boolean;
  readonly selected: (requirementId: string) => boolean;
}

const weight: Record<Level, number> = { MUST: 10_000, SHOULD: 100, MAY: 1 };
/** Riders per create: few, so that a refusal is cheap to attribute. */
const maxRiders = 2;

interface Host {
  readonly cell: Cell;
  readonly facets: Facet[];
  /** A carrier is sent first for a check of its own (a duplicate alias, a race): only plain facets ride on it. */
  carrier?: 'duplicate-carrier' | 'race-carrier';
}

const itemKey = (i: Item) => `${i.requirement} ${i.label}`;

/** Holds a carrier's alias slot while facets are placed. */
const plainAlias: Facet = {
  key: 'plain alias',
  label: 'a plain alias',
  slot: 'key_alias',
  open: false,
  items: [],
};

class Coverage {
  readonly groups = new Set<string>();
  readonly items = new Set<string>();
  /** What adding these items is worth: uncovered groups by level, then a little for uncovered depth. */
  value(items: readonly Item[]): number {
    let v = 0;
    const groups = new Set<string>();
    for (const i of items) {
      if (i.group !== undefined && !this.groups.has(i.group) && !groups.has(i.group)) {
        groups.add(i.group);
        v += weight[i.level];
      } else if (!this.items.has(itemKey(i))) v += 0.01;
    }
    return v;
  }
  add(items: readonly Item[]): void {
    for (const i of items) {
      if (i.group !== undefined) this.groups.add(i.group);
      this.items.add(itemKey(i));
    }
  }
}

const hostItems = (h: Host) => [...h.cell.cellItems, ...h.facets.flatMap((f) => f.items)];
const usedSlots = (h: Host) => new Set([...Object.keys(h.cell.fields), ...h.facets.map((f) => f.slot)]);

/** Whether a host can take a facet: a free slot; a bare host only an alias; riders and transport limited. */
function fits(h: Host, f: Facet): boolean {
  if (usedSlots(h).has(f.slot)) return false;
  if (h.cell.bare) return f.slot === 'key_alias' && !f.open;
  if (h.carrier && (f.open || f.slot === 'transport' || f.fixed)) return false;
  if (f.open && h.facets.filter((x) => x.open).length >= maxRiders) return false;
  // A null rider for a field the cell sets would change the cell.
  return true;
}

/**
 * Creates a plan without --max-keys may have in all (its open cells' attempts included) before depth stops
 * taking keys of its own: the size of a loopback run.
 */
const unboundedCreates = 35;

export function planKeys(options: PlanOptions): Plan {
  const candidates = prune(candidatesFor(options.edition, { aksk: options.aksk }), options);
  const cap = options.maxKeys > 0 ? options.maxKeys : Number.POSITIVE_INFINITY;
  const coverage = new Coverage();
  const hosts: Host[] = [];
  let limit = cap;
  const room = () => hosts.length < limit;
  const addHost = (cell: Cell): Host => {
    const host: Host = { cell, facets: [] };
    hosts.push(host);
    coverage.add(cell.cellItems);
    for (const f of cell.facets) coverage.add(f.items);
    return host;
  };
  const cellValue = (c: Cell) => coverage.value([...c.cellItems, ...c.facets.flatMap((f) => f.items)]);
  const best = (cells: readonly Cell[], min: number) => {
    let found: Cell | undefined;
    let top = min;
    for (const c of cells) {
      const v = cellValue(c);
      if (v > top) [found, top] = [c, v];
    }
    return found;
  };

  // 1. The floor: cells until every group a cell can cover is covered, most valuable first.
  for (let c = best(candidates.cells, 0.5); c && room(); c = best(candidates.cells, 0.5)) addHost(c);
  // The duplicate-alias probe resends a create under the first key's alias: that create keeps a plain alias
  // of its own, so nothing it carries is lost when a target accepts the duplicate.
  // A carrier is a create of its own; when the selection left none (a shard without the key-spec cells),
  // the cheapest cell becomes one.
  const hostFor = (taken?: Host) =>
    hosts.find((h) => !h.cell.bare && h !== taken) ??
    (room()
      ? addHostIfAny(
          best(
            candidates.cells.filter((c) => !c.bare),
            -1,
          ),
        )
      : undefined);
  const addHostIfAny = (cell: Cell | undefined) => (cell ? addHost(cell) : undefined);
  // The probes reuse the alias of the first key, the bare create: a selection without it (a shard) gets it.
  const probes = options.selected('CK-ALIAS-DUPLICATE') || options.selected('CK-CONCURRENT-ALIAS-ONCE');
  const bareCell = candidates.cells.find((c) => c.bare);
  if (probes && bareCell && !hosts.some((h) => h.cell.bare) && room()) addHost(bareCell);
  const carrier = options.selected('CK-ALIAS-DUPLICATE') ? hostFor() : undefined;
  if (carrier) {
    carrier.carrier = 'duplicate-carrier';
    carrier.facets.push(plainAlias);
  }
  const racer = options.selected('CK-CONCURRENT-ALIAS-ONCE') ? hostFor(carrier) : undefined;
  if (racer) racer.carrier = 'race-carrier';

  // 2. Facets by level: each on a host with room, or on a new host while the budget lasts.
  const place = (f: Facet, mayGrow: boolean) => {
    let host = hosts.find((h) => fits(h, f));
    if (!host && mayGrow && room()) {
      const spare = best(
        candidates.cells.filter((c) => !c.bare),
        -1,
      );
      if (spare) host = addHost(spare);
    }
    if (!host) return false;
    host.facets.push(f);
    coverage.add(f.items);
    return true;
  };
  const byLevel = [...candidates.facets].sort((a, b) => facetWeight(b) - facetWeight(a));
  for (const f of byLevel) if (coverage.value(f.items) >= weight.SHOULD) place(f, true);
  // Keys needed to check every value of every MUST and SHOULD requirement: the floor of the budget.
  const floor = Number.isFinite(cap) ? planKeys({ ...options, maxKeys: 0 }).budget.floor : hosts.length;
  // Past the floor, one key in ten stays in reserve for what no plan foresees: a request that got no answer
  // may have made a key (its slot stays taken), a search may need another try.
  if (Number.isFinite(cap)) limit = Math.min(cap, Math.max(floor, cap - Math.ceil(cap / 10)));
  for (const f of byLevel) if (coverage.value(f.items) >= weight.MAY) place(f, true);

  // 3. Depth: facets on free slots, then cells that add uncovered items, while the budget lasts. Without a
  // budget (loopback) depth gets keys of its own too, up to a bound: where two rules meet is worth a key there,
  // and the run stays small (what is left out shows in the coverage report as not exercised).
  const grow = () => !Number.isFinite(cap) && hosts.length + candidates.openCells.length < unboundedCreates;
  for (const f of byLevel) if (coverage.value(f.items) > 0 && !f.open) place(f, grow());
  for (const f of byLevel) if (coverage.value(f.items) > 0 && f.open) place(f, grow());
  for (let c = best(candidates.cells, 0.005); c && room(); c = best(candidates.cells, 0.005)) {
    addHost(c);
    for (const f of byLevel) if (coverage.value(f.items) > 0) place(f, false);
  }

  if (carrier) carrier.facets.splice(carrier.facets.indexOf(plainAlias), 1);
  const creates = order(hosts);
  // 4. Open cells, one key each, with what the budget leaves.
  for (const c of candidates.openCells) {
    if (creates.length >= limit || coverage.value(c.facets.flatMap((f) => f.items)) <= 0) continue;
    coverage.add(c.facets.flatMap((f) => f.items));
    creates.push({ id: `A${creates.length}`, facets: c.facets, cellItems: [], bare: false, attempt: true });
  }
  const unplanned = uncovered(candidates, coverage, options, floor);
  return {
    creates,
    unplanned,
    budget: {
      maxKeys: options.maxKeys,
      floor,
      planned: creates.length,
      spare: Number.isFinite(cap) ? Math.max(cap - creates.length, 0) : Number.POSITIVE_INFINITY,
    },
    concurrency: options.concurrency,
  };
}

const facetWeight = (f: Facet) =>
  Math.max(0, ...f.items.map((i) => weight[i.level])) -
  (f.open ? 0.5 : 0) -
  (f.items.some((i) => i.group) ? 0 : 0.25);

/** Keeps the items of selected requirements, and those observed through describe-key only when it is offered. */
function prune(c: Candidates, options: PlanOptions): Candidates {
  const keep = (i: Item) => options.selected(i.requirement) && (options.describe || !i.described);
  const facet = (f: Facet): Facet => ({ ...f, items: f.items.filter(keep) });
  const cell = (c: Cell): Cell => ({
    ...c,
    facets: c.facets.map(facet),
    cellItems: c.cellItems.filter(keep),
  });
  return {
    cells: c.cells.map(cell),
    openCells: c.openCells.map(cell).filter((x) => x.facets.some((f) => f.items.length > 0)),
    facets: c.facets.map(facet).filter((f) => f.items.length > 0),
  };
}

/**
 * The order creates are sent in: the bare create first (its alias is the one the duplicate probe reuses),
 * then the carriers, then the rest.
 */
function order(hosts: readonly Host[]): PlannedCreate[] {
  const rank = (h: Host) => (h.cell.bare ? 0 : h.carrier === 'duplicate-carrier' ? 1 : h.carrier ? 2 : 3);
  const sorted = [...hosts].sort((a, b) => rank(a) - rank(b));
  return sorted.map((h, i) => ({
    id: `P${i}`,
    facets: [...h.cell.facets, ...h.facets],
    cellItems: h.cell.cellItems,
    bare: h.cell.bare,
    attempt: false,
    ...(i === 0 ? { role: 'minimal' as const } : h.carrier ? { role: h.carrier } : {}),
  }));
}

function uncovered(c: Candidates, coverage: Coverage, options: PlanOptions, floor: number) {
  const all = [
    ...c.cells.flatMap((x) => [...x.cellItems, ...x.facets.flatMap((f) => f.items)]),
    ...c.facets.flatMap((f) => f.items),
    ...c.openCells.flatMap((x) => x.facets.flatMap((f) => f.items)),
  ];
  const reason =
    options.maxKeys > 0
      ? `--max-keys ${options.maxKeys} has no key left for it (every MUST and SHOULD value needs ${floor})`
      : 'no planned create can carry it';
  const seen = new Set<string>();
  const out: { item: Item; reason: string }[] = [];
  for (const item of all) {
    const key = item.group ?? itemKey(item);
    if (seen.has(key) || (item.group !== undefined && coverage.groups.has(item.group))) continue;
    if (item.group === undefined && coverage.items.has(itemKey(item))) continue;
    seen.add(key);
    out.push({ item, reason });
  }
  return out;
}

export { hostItems };
