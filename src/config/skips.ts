/**
 * Why a check did not run, in words a user can act on, and which kind of reason it is. Only a capability
 * the spec lets a target lack (describe, list, deletion, AK/SK) leaves a verdict whole; a check skipped for
 * the budget, a --grep, a shard or anything else leaves it incomplete.
 */
export type SkipKind = 'capability' | 'budget' | 'selection' | 'other';

export const skipped = {
  /** The target lacks an operation the spec lets it lack. */
  capability: (what: string, why: string) => `skipped: the target offers no ${what} (${why})`,
  /** The run lacks credentials for a check (AK/SK). */
  credentials: (what: string) => `skipped: needs ${what}`,
  budget: (why: string) => `skipped: budget: ${why}`,
  selection: (why: string) => `skipped: not selected ${why}`,
  other: (why: string) => `skipped: ${why}`,
} as const;

/** The kind of a skip reason written by `skipped`. */
export function skipKindOf(reason: string | undefined): SkipKind {
  if (reason === undefined) return 'other';
  if (/^skipped: (the target offers no |needs )/.test(reason)) return 'capability';
  if (/^skipped: budget: /.test(reason)) return 'budget';
  if (/^(skipped: )?not selected /.test(reason)) return 'selection';
  return 'other';
}
