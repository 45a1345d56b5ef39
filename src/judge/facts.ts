/**
 * What the key phase saw, as data: every create it sent, every key it made, what describe-key showed. Judges
 * read these facts; they are handed to the suites' workers with the run context, so everything here is plain
 * JSON, small (evidence is an excerpt), and holds no secret (exchanges are redacted when recorded).
 */
import type { ErrorCode } from '../errors.js';
import type { Item } from '../plan/types.js';
import type { Evidence } from '../transport/evidence.js';

export interface FacetSummary {
  readonly key: string;
  readonly label: string;
  readonly slot: string;
  readonly open: boolean;
  readonly items: readonly Item[];
}

/** One rule on one answer: it applied, and held (no message) or broke (the message says how). */
export interface RuleVerdict {
  readonly id: string;
  /** What the rule looks at: what differed when it broke. */
  readonly aspect: string;
  readonly message?: string;
}

/** Our error where an answer should be: the request got none. */
export interface Unanswered {
  readonly code: ErrorCode;
  readonly message: string;
}

/** One create-key request the key phase sent. */
export interface SendFact {
  readonly create: string;
  /** Why it was sent: "planned", "without key_alias 255 characters", "race (copy 2/4)", "duplicate alias of P0". */
  readonly why: string;
  readonly facets: readonly string[];
  /** 0 when no answer came (see `unanswered`). */
  readonly status: number;
  readonly unanswered?: Unanswered;
  /** The target's error_code, when the answer has one. */
  readonly code?: string;
  /** An error answer's body is the documented envelope. */
  readonly envelope?: boolean;
  readonly keyId?: string;
  readonly domainId?: string;
  /** Sends of one parallel group share it: "race", "batch 1". */
  readonly group?: string;
  /** The rules every answer keeps, judged on the whole answer when it came. */
  readonly rules: readonly RuleVerdict[];
  readonly evidence: Evidence;
}

/** What describe-key said of a key: its details compared, a refusal, or no answer. */
export type Described =
  | { readonly kind: 'described'; readonly evidence: Evidence; readonly mismatches: readonly Mismatch[] }
  | { readonly kind: 'refused'; readonly answer: string; readonly evidence: Evidence }
  | { readonly kind: 'unanswered'; readonly unanswered: Unanswered };

/** An attribute describe-key showed other than the create asked for or the spec defaults. */
export interface Mismatch {
  /** The requirement the difference breaks. */
  readonly id: string;
  readonly attribute: string;
  readonly expected: string;
  readonly received: unknown;
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
  readonly described?: Described;
}

export interface CreateFact {
  readonly id: string;
  /** A name for the create that holds no value of the run: its cell and riders. Cases are named by it. */
  readonly label: string;
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
  /** Why it was never sent, if it was not; `budget` when --max-keys was used up first. */
  readonly notSent?: { readonly reason: string; readonly budget: boolean };
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
