/**
 * Vocabulary of the requirement catalogue. The catalogue is data: suites, the reference server,
 * the docs generator and the reports all read it, and nothing re-types a rule elsewhere.
 */

/** RFC 2119 level. MUST when the seed states it; SHOULD when implied or added by a later edition. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export const levels: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

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
export const families: readonly Family[] = [
  'alias',
  'spec-usage-origin',
  'description',
  'optional-fields',
  'authentication',
  'status-envelope',
  'response-schema',
  'robustness',
  'semantics',
  'concurrency',
];

/** Optional operations a check may need from the target; absent → the check is skipped with a reason. */
export type Capability = 'describe-key' | 'list-keys' | 'schedule-key-deletion' | 'aksk';

/**
 * Where a rule is enforced: `schema` means a keyword of a schema in schemas/ expresses it;
 * `semantic` means it needs state, several requests or transport knowledge, so only the catalogue holds it.
 */
export type RuleKind = 'schema' | 'semantic';

/**
 * Which side of a schema keyword a requirement speaks for. `refuse`: a value that breaks the keyword must be
 * refused (or, for an open reading, may be); `accept`: a value at the keyword's boundary must be accepted.
 * `field` is a request body property, or `(body)` for the body itself (type, required, additionalProperties).
 * The pseudo-keyword `default` stands for the field left out, so that the documented default applies.
 * `reading` narrows an accept binding to values that only one reading of §7 accepts (characters counted as
 * code points rather than bytes or UTF-16 units).
 */
export interface Binding {
  readonly field: string;
  readonly keywords: readonly string[];
  readonly side: 'accept' | 'refuse';
  readonly reading?: 'code-points';
  /** Narrows an accept binding to one value of an enumeration (origin external). */
  readonly value?: string;
}

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
  /** The schema keywords this requirement speaks for; the derivation layer and the oracle read them. */
  readonly binds?: readonly Binding[];
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
