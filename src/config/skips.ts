/**
 * Why a check did not run, in words a user can act on, and which kind of reason it is. Only a capability
 * the spec lets a target lack (describe, list, deletion, AK/SK) leaves a verdict whole; a check skipped for
 * the budget, a --grep or anything else leaves it incomplete. A shard's verdict is about its own share: the
 * other shards' requirements do not count against it, and `merge` gives the verdict of the whole.
 */
export type SkipKind = 'capability' | 'budget' | 'selection' | 'shard' | 'other';

export const skipped = {
  /** The target lacks an operation the spec lets it lack. */
  capability: (what: string, why: string) => `skipped: the target offers no ${what} (${why})`,
  /** The run lacks credentials for a check (AK/SK). */
  credentials: (what: string) => `skipped: needs ${what}`,
  budget: (why: string) => `skipped: budget: ${why}`,
  selection: (why: string) => `skipped: not selected ${why}`,
  /** Another job of a sharded run checks it; `kms-conformance merge` combines the shards. */
  shard: (label: string) => `skipped: in another shard (this is shard ${label})`,
  other: (why: string) => `skipped: ${why}`,
} as const;

/** The kind of a skip reason written by `skipped`. */
export function skipKindOf(reason: string | undefined): SkipKind {
  if (reason === undefined) return 'other';
  if (/^skipped: (the target offers no |needs )/.test(reason)) return 'capability';
  if (/^skipped: budget: /.test(reason)) return 'budget';
  if (/^(skipped: )?not selected /.test(reason)) return 'selection';
  if (/^skipped: in another shard /.test(reason)) return 'shard';
  return 'other';
}
