import type { Level } from '../catalogue/types.js';
import type { Fresh, Patch } from '../generators/derive.js';

/** One observation a create can serve: a requirement and the value it is checked on. */
export interface Item {
  readonly requirement: string;
  readonly level: Level;
  readonly label: string;
  /**
   * Items of one group are alternatives: the plan needs one of them for the requirement to be checked on that
   * value or class. An item without a group is extra depth, planned only when the budget leaves room.
   */
  readonly group?: string;
  /** Observed through describe-key after the create (defaults, state). */
  readonly described?: boolean;
}

/** Where a facet sits in a create: a body field, `transport` (how it is sent), `extra` (an unknown field). */
export type Slot = string;

/**
 * A part of a create that something must see accepted (or, when `open`, may see refused). Removing a facet
 * leaves its field out (or sends the plain way), which the attribution search uses to name what was refused.
 */
export interface Facet {
  readonly key: string;
  readonly label: string;
  readonly slot: Slot;
  /** Fields it sets; absent for transport facets. */
  readonly patch?: (fresh: Fresh, attempt: number) => Patch;
  readonly transport?: 'aksk' | 'padding';
  /** Refusal is an allowed answer (a reading §7 leaves open): it is recorded, never failed. */
  readonly open: boolean;
  readonly items: readonly Item[];
  /** The value cannot carry the run prefix; a live account may already hold it, so candidates are tried. */
  readonly fixed?: boolean;
  /** A rider that sends the sequence of an earlier create of the run. */
  readonly repeatsSequence?: boolean;
  /** One field of the create's cell (key_spec, key_usage, origin): what remains when all else is taken out. */
  readonly cell?: boolean;
}

/** One planned create-key: its facets, and items served only when all of them are accepted together. */
export interface PlannedCreate {
  readonly id: string;
  readonly facets: readonly Facet[];
  /** Defaults observed through describe-key: they hold only when no facet of the cell was taken out. */
  readonly cellItems: readonly Item[];
  /** Only key_alias may be sent (the seed example request). */
  readonly bare: boolean;
  /** An attempt at an open cell: planned only with spare budget, refusal allowed. */
  readonly attempt: boolean;
  /** Whether the answer contributes to the checks of parallel creates. */
  role?: 'minimal' | 'duplicate-carrier' | 'race-carrier';
}

export interface Plan {
  readonly creates: readonly PlannedCreate[];
  /** Groups of required items that no create covers, with the reason. */
  readonly unplanned: readonly { readonly item: Item; readonly reason: string }[];
  /** Keys the plan sets out to create, attempts included (each may be refused at no cost). */
  readonly budget: {
    readonly maxKeys: number;
    /** Keys needed to check every value of every MUST and SHOULD requirement. */
    readonly floor: number;
    readonly planned: number;
    readonly spare: number;
  };
  readonly concurrency: number;
}
