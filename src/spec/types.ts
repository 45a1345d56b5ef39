/**
 * Vocabulary of the requirement catalogue. The catalogue is data: suites, the reference server,
 * the docs generator and the reports all read it, and nothing re-types a rule elsewhere.
 */

/** RFC 2119 level. MUST when the seed states it; SHOULD when implied or added by a later edition. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** Which edition of the CreateKey page a requirement belongs to (create-key.md §5). */
export type Edition = 'seed' | 'current';
export const editions: readonly Edition[] = ['seed', 'current'];

/** One family of checks; each family is one suite file. */
export type Family =
  | 'alias'
  | 'spec-usage-origin'
  | 'description'
  | 'optional-fields'
  | 'authentication'
  | 'status-envelope'
  | 'response-schema'
  | 'robustness'
  | 'semantics'
  | 'concurrency';

/** Optional operations a check may need from the target; absent → the check is skipped with a reason. */
export type Capability = 'describe-key' | 'list-keys' | 'schedule-key-deletion' | 'aksk';

/**
 * Where a rule is enforced: `schema` means a keyword of a schema in schemas/ expresses it;
 * `semantic` means it needs state, several requests or transport knowledge, so only the catalogue holds it.
 */
export type RuleKind = 'schema' | 'semantic';

export interface Requirement {
  /** Stable id, e.g. `CK-ALIAS-LENGTH-VALID`. Test titles start with it. */
  readonly id: string;
  readonly family: Family;
  readonly title: string;
  /** Level per edition; an edition that is absent does not have this requirement. */
  readonly levels: Readonly<Partial<Record<Edition, Level>>>;
  /** The spec rows (spec-rows.ts) this requirement rests on. */
  readonly rows: readonly string[];
  /** The spec sentence in English and the seed section it comes from. */
  readonly source: { readonly en: string; readonly seed: string };
  /** What a target must be seen to do for the requirement to pass. */
  readonly observation: string;
  readonly kind: RuleKind;
  /** How the embedded reference answers a request that breaks this rule. */
  readonly reference?: { readonly status: number; readonly code: string };
  readonly needs?: readonly Capability[];
}

/** A row of create-key.md: one documented rule, field or open reading. */
export interface SpecRow {
  readonly id: string;
  /** Section of create-key.md, e.g. `§2`. */
  readonly section: string;
  readonly text: string;
  /** Section or table of seed-create-key.zh.md, or `-` when the row is not from the seed. */
  readonly seed: string;
}
