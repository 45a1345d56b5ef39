/**
 * What the key phase saw, as data: every create it sent, every key it made, what describe-key showed. The
 * suites judge these facts; they are handed to the workers with the run context, so everything here is plain
 * JSON (exchanges already redacted and capped).
 */
import type { Item } from '../plan/types.js';
import type { Mismatch } from '../spec/expected-key.js';
import type { Evidence } from '../transport/evidence.js';

export interface FacetSummary {
  readonly key: string;
  readonly label: string;
  readonly slot: string;
  readonly open: boolean;
  readonly items: readonly Item[];
}

/** One create-key request the key phase sent. */
export interface SendFact {
  readonly create: string;
  /** Why it was sent: "planned", "without key_alias 255 characters", "race 2/4", "duplicate alias of P0". */
  readonly why: string;
  readonly facets: readonly string[];
  /** 0 when no answer came (our error, in `error`). */
  readonly status: number;
  readonly code?: string;
  readonly error?: string;
  readonly keyId?: string;
  readonly domainId?: string;
  /** Sends of one parallel group share it: "race", "batch 1". */
  readonly group?: string;
  readonly evidence: Evidence;
}

/** A key the key phase made. */
export interface KeyFact {
  readonly keyId: string;
  readonly domainId: string;
  readonly create: string;
  /** Index of the accepted send in `sends`. */
  readonly send: number;
  /** The JSON body it was created with (the padding of a padded body left out). */
  readonly body: Readonly<Record<string, unknown>>;
  /** The answer was an earlier key of the run (a replayed sequence): not a key of its own. */
  readonly replayOf?: string;
  readonly described?:
    | { readonly evidence: Evidence; readonly mismatches: readonly Mismatch[] }
    | { readonly error: string; readonly evidence?: Evidence };
}

export interface CreateFact {
  readonly id: string;
  readonly role?: 'minimal' | 'duplicate-carrier' | 'race-carrier';
  readonly attempt: boolean;
  readonly facets: readonly FacetSummary[];
  readonly cellItems: readonly Item[];
  /** Facets carried by an accepted send. */
  readonly served: readonly string[];
  readonly refused: readonly {
    readonly facet: string;
    readonly foundBy: string;
    readonly sends: readonly number[];
  }[];
  readonly undetermined: readonly { readonly facet: string; readonly reason: string }[];
  /** Why it was never sent, if it was not. */
  readonly notSent?: string;
}

export interface KeyPhaseFacts {
  readonly creates: readonly CreateFact[];
  readonly sends: readonly SendFact[];
  readonly keys: readonly KeyFact[];
  readonly unplanned: readonly { readonly item: Item; readonly reason: string }[];
  /** The duplicate-alias probe: the send index, and whether its refusal can only be the alias's. */
  readonly duplicate?: { readonly send: number; readonly conclusive: boolean };
  readonly race?: { readonly sends: readonly number[]; readonly parallel: number };
  readonly describeOffered: boolean;
  readonly maxKeys: number;
  /** Keys left in the budget for checks that create keys later (random valid bodies). */
  readonly spare: number;
}
