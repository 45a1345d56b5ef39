import { KmsctError } from '../errors.js';
import { aliasRequirements } from './requirements/alias.js';
import { authenticationRequirements } from './requirements/authentication.js';
import { concurrencyRequirements } from './requirements/concurrency.js';
import { descriptionRequirements } from './requirements/description.js';
import { optionalFieldRequirements } from './requirements/optional-fields.js';
import { responseSchemaRequirements } from './requirements/response-schema.js';
import { robustnessRequirements } from './requirements/robustness.js';
import { semanticsRequirements } from './requirements/semantics.js';
import { specUsageOriginRequirements } from './requirements/spec-usage-origin.js';
import { statusEnvelopeRequirements } from './requirements/status-envelope.js';
import type { Edition, Level, Requirement } from './types.js';

/** The whole catalogue, in the order the docs and reports list it: request fields first, then responses. */
export const catalogue: readonly Requirement[] = [
  ...statusEnvelopeRequirements,
  ...aliasRequirements,
  ...specUsageOriginRequirements,
  ...descriptionRequirements,
  ...optionalFieldRequirements,
  ...authenticationRequirements,
  ...responseSchemaRequirements,
  ...robustnessRequirements,
  ...semanticsRequirements,
  ...concurrencyRequirements,
];

const byId = new Map(catalogue.map((r) => [r.id, r]));
if (byId.size !== catalogue.length) throw new KmsctError('KMSCT_ERR_CATALOGUE', 'duplicate requirement id');

/** Looks a requirement up by id; an unknown id is a programming error, so it throws. */
export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new KmsctError('KMSCT_ERR_CATALOGUE', `unknown requirement id ${JSON.stringify(id)}`);
  return found;
}

/** The requirements that apply to an edition. */
export function requirementsFor(edition: Edition): readonly Requirement[] {
  return catalogue.filter((r) => r.levels[edition] !== undefined);
}

const levelRank: Record<Level, number> = { MAY: 0, SHOULD: 1, MUST: 2 };

/** The strongest level a requirement has in any edition. */
export function strongestLevel(req: Requirement): Level {
  const levels = Object.values(req.levels);
  return levels.reduce<Level>((a, b) => (levelRank[b] > levelRank[a] ? b : a), 'MAY');
}

/**
 * The requirements that speak for one side of a schema keyword on a field (their `binds`). A reading narrows
 * an accept binding; without one, bindings that need a reading are left out.
 */
export function boundTo(
  field: string,
  keyword: string,
  side: 'accept' | 'refuse',
  reading?: 'code-points',
  value?: unknown,
): readonly Requirement[] {
  return catalogue.filter((r) =>
    (r.binds ?? []).some(
      (b) =>
        b.field === field &&
        b.keywords.includes(keyword) &&
        b.side === side &&
        b.reading === reading &&
        (b.value === undefined || b.value === value),
    ),
  );
}
