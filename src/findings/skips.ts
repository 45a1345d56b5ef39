/**
 * Why a check did not run, in words a user can act on, with the kind of reason as data. Only a capability the
 * spec lets a target lack (describe, list, deletion, AK/SK) leaves a verdict whole; a check skipped for the
 * budget, a --grep or anything else leaves it incomplete. A shard's verdict is about its own share: the other
 * shards' requirements do not count against it, and `merge` gives the verdict of the whole.
 */
export type SkipKind = 'capability' | 'budget' | 'selection' | 'shard' | 'other';

export interface Skip {
  readonly kind: SkipKind;
  readonly reason: string;
}

export const skipped = {
  /** The target lacks an operation the spec lets it lack. */
  capability: (what: string, why: string): Skip => ({
    kind: 'capability',
    reason: `skipped: the target offers no ${what} (${why})`,
  }),
  /** The run lacks credentials for a check (AK/SK). */
  credentials: (what: string): Skip => ({ kind: 'capability', reason: `skipped: needs ${what}` }),
  budget: (why: string): Skip => ({ kind: 'budget', reason: `skipped: budget: ${why}` }),
  selection: (why: string): Skip => ({ kind: 'selection', reason: `skipped: not selected ${why}` }),
  /** Another job of a sharded run checks it; `kms-conformance merge` combines the shards. */
  shard: (label: string): Skip => ({
    kind: 'shard',
    reason: `skipped: in another shard (this is shard ${label})`,
  }),
  other: (why: string): Skip => ({ kind: 'other', reason: `skipped: ${why}` }),
} as const;
