/**
 * What the planner can put on a key: cells of the spec × usage × origin matrix, field facets and riders, all
 * taken from the derived cases that the oracle classifies as accepted (or, for riders and attempts, as open).
 * Items name the requirements through the catalogue's bindings; nothing here lists a case by hand.
 */

import { requirement } from '../catalogue/index.js';
import { classify, type RuleRef, rulesFor } from '../catalogue/oracle.js';
import { requestFields, symmetricKeySpecs } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import { type DerivationFamily, type DerivedCase, deriveCases, type Fresh } from '../generators/derive.js';
import type { Facet, Item } from './types.js';

/** A cell: the enumerated fields of one create, each a facet, and the defaults it shows through describe-key. */
export interface Cell {
  readonly key: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly facets: readonly Facet[];
  readonly cellItems: readonly Item[];
  readonly bare: boolean;
}

export interface Candidates {
  /** Cells every edition-conformant target accepts. */
  readonly cells: readonly Cell[];
  /** Cells whose acceptance is open: tried one key each, only with spare budget. */
  readonly openCells: readonly Cell[];
  /** Field facets (accepted values), riders (open values) and transport facets. */
  readonly facets: readonly Facet[];
}

const sample: Fresh = {
  alias: () => 'kmsct-plan-0',
  digits: () => '7000000000002',
  sequence: () => '919c82d4-8046-4722-9094-35c3c6524cff',
};

const keywordsOf: Partial<Record<DerivationFamily, readonly string[]>> = {
  length: ['minLength', 'maxLength'],
  combined: ['maxLength', 'pattern'],
  pattern: ['pattern'],
  not: ['not'],
  enum: ['enum'],
};

const needsDescribe = (id: string) => requirement(id).needs?.includes('describe-key') === true;

function item(rule: RuleRef, label: string, group?: string): Item {
  return {
    requirement: rule.id,
    level: rule.level,
    label,
    ...(group !== undefined && { group }),
    ...(needsDescribe(rule.id) && { described: true }),
  };
}

const codePointLength = (v: unknown) => (typeof v === 'string' ? [...v].length : -1);

/** A field facet from an accepted case: its requirements, and the group that makes it required. */
function fieldFacet(c: DerivedCase, edition: Edition): Facet | undefined {
  const items = fieldItems(c, edition);
  if (items === undefined || items.length === 0) return undefined;
  return {
    key: c.key,
    label: `${c.field} ${c.label}`,
    slot: c.field,
    patch: (fresh, attempt) => c.patch(fresh, attempt),
    open: false,
    items,
    ...(c.fixed && { fixed: true }),
  };
}

function fieldItems(c: DerivedCase, edition: Edition): Item[] | undefined {
  const label = `${c.field} ${c.label}`;
  // A value describe-key must echo unchanged (edge whitespace, inner runs): required once per field.
  if (c.family === 'echo') {
    const rule = { id: 'CK-DESCRIBE-ECHO', level: levelOf('CK-DESCRIBE-ECHO', edition) };
    return [item(rule, label, `CK-DESCRIBE-ECHO:${c.field}`)];
  }
  const keywords = keywordsOf[c.family];
  if (!keywords) return undefined;
  const rules = c.classification.rules.length
    ? c.classification.rules
    : keywords.flatMap((k) => rulesFor(edition, c.field, k, 'accept'));
  const schema = requestFields(edition).find((f) => f.name === c.field)?.schema ?? {};
  const length = codePointLength(c.patch(sample, 0)[c.field]);
  // A length facet is required at the boundaries themselves; n−1 and n+1 are depth, and so is every value
  // where two rules meet (the boundary crossed with classes and edge whitespace).
  const boundary =
    c.family !== 'combined' &&
    (c.family !== 'length' || length === schema.minLength || length === schema.maxLength);
  return rules.map((r) =>
    item(r, label, boundary ? (c.family === 'length' ? `${r.id}:${length}` : r.id) : undefined),
  );
}

/** A rider: a field-local value whose acceptance §7 leaves open, recorded on a create that has room for it. */
function rider(c: DerivedCase): Facet {
  const label = `${c.field === '(body)' ? '' : `${c.field} `}${c.label}`;
  const slot = c.field === '(body)' ? 'extra' : c.field;
  return {
    key: c.key,
    label,
    slot,
    patch: (fresh, attempt) => c.patch(fresh, attempt),
    open: true,
    items: c.classification.rules.map((r) => item(r, label, r.id)),
  };
}

/** The facets and default items of a cell; a reading (asymmetric encryption) belongs to the field it names. */
function cell(c: DerivedCase, edition: Edition): Cell {
  const fields = c.patch(sample, 0) as Record<string, string>;
  const spec = fields.key_spec;
  const specLabel = spec ?? 'no key_spec';
  const readings = c.classification.rules;
  const names = Object.keys(fields);
  // A reading (asymmetric encryption) belongs to the last field whose removal drops it: the usage, not the
  // spec it combines with. It is required for each key spec it names.
  const owner = (id: string) =>
    names
      .filter((field) => {
        const without = { ...fields };
        delete without[field];
        return !classify({ key_alias: sample.alias(), ...without }, edition).rules.some((r) => r.id === id);
      })
      .at(-1);
  const facets: Facet[] = Object.entries(fields).map(([field, value]) => {
    const own = readings.filter((r) => owner(r.id) === field);
    const label = field === 'key_usage' ? `${specLabel} with key_usage ${value}` : `${field} ${value}`;
    const items = own.length
      ? own.map((r) => item(r, label, `${r.id}:${specLabel}`))
      : rulesFor(edition, field, 'enum', 'accept', undefined, value).map((r) =>
          item(r, label, `${r.id}:${value}`),
        );
    return {
      key: `${c.key} [${field}]`,
      label,
      slot: field,
      patch: () => ({ [field]: value }),
      open: false,
      cell: true,
      items,
    };
  });
  const cellItems: Item[] = [];
  for (const f of requestFields(edition).filter((f) => Array.isArray(f.schema.enum))) {
    if (fields[f.name] !== undefined) continue;
    for (const rule of rulesFor(edition, f.name, 'default', 'accept')) {
      // key_usage defaults per key class; each class needs its own observation.
      const cls = symmetricKeySpecs.includes(spec ?? 'AES_256') ? 'symmetric' : 'asymmetric';
      const group = f.name === 'key_usage' ? `${rule.id}:${cls}` : rule.id;
      cellItems.push(
        item(rule, f.name === 'key_usage' ? `${specLabel} without key_usage` : `no ${f.name}`, group),
      );
    }
  }
  const bare = Object.keys(fields).length === 0;
  if (bare)
    cellItems.push(
      item(
        { id: 'CK-CREATE-MINIMAL', level: levelOf('CK-CREATE-MINIMAL', edition) },
        'only key_alias',
        'CK-CREATE-MINIMAL',
      ),
    );
  return { key: c.key, fields, facets, cellItems, bare };
}

const levelOf = (id: string, edition: Edition) => requirement(id).levels[edition] ?? 'MAY';

/** An open cell: one key, its fields, refusal allowed. */
function openCell(c: DerivedCase): Cell {
  const fields = c.patch(sample, 0) as Record<string, string>;
  const label = Object.entries(fields)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return {
    key: c.key,
    fields,
    bare: false,
    cellItems: [],
    facets: [
      {
        key: c.key,
        label,
        slot: 'cell',
        patch: () => fields,
        open: true,
        items: c.classification.rules.map((r) => item(r, label, `${r.id}:${label}`)),
      },
    ],
  };
}

/** Everything the planner may place, for an edition; transport facets only where the run can send them. */
const candidateCache = new Map<string, Candidates>();

/** Pure and costly (every derived case is classified): made once per edition and credentials. */
export function candidatesFor(edition: Edition, options: { readonly aksk: boolean }): Candidates {
  const key = `${edition} ${options.aksk}`;
  const cached = candidateCache.get(key) ?? buildCandidates(edition, options);
  candidateCache.set(key, cached);
  return cached;
}

function buildCandidates(edition: Edition, options: { readonly aksk: boolean }): Candidates {
  const cases = deriveCases(edition);
  const cells: Cell[] = [];
  const openCells: Cell[] = [];
  const facets: Facet[] = [];
  // One key per open question: a reading and a key spec (the first cell of each, the one with fewest fields).
  const asked = new Set<string>();
  const ask = (c: DerivedCase) => {
    const question = `${c.classification.rules.map((r) => r.id).join()}|${String(c.patch(sample, 0).key_spec)}`;
    if (asked.has(question)) return;
    asked.add(question);
    openCells.push(openCell(c));
  };
  for (const c of cases) {
    const expect = c.classification.expect;
    if (c.family === 'cell') {
      if (expect === 'accept') cells.push(cell(c, edition));
      else if (expect === 'either') ask(c);
    } else if (expect === 'accept') {
      const facet = fieldFacet(c, edition);
      if (facet) facets.push(facet);
    } else if (expect === 'either') {
      // A later key spec changes the cell: it needs a key of its own.
      if (c.field === 'key_spec' && c.family === 'enum') ask(c);
      else if (c.raw === undefined) facets.push(rider(c));
    }
  }
  facets.push(...semanticFacets(edition, options));
  return { cells, openCells, facets };
}

/** Facets no schema keyword states: a replayed sequence, AK/SK signing, a padded body. */
function semanticFacets(edition: Edition, options: { readonly aksk: boolean }): Facet[] {
  const level = (id: string) => ({ id, level: levelOf(id, edition) });
  const out: Facet[] = [
    {
      key: 'sequence repeated',
      label: 'the sequence of an earlier create of the run',
      slot: 'sequence',
      open: true,
      repeatsSequence: true,
      items: [item(level('CK-SEQUENCE-REPEAT'), 'the sequence of an earlier create', 'CK-SEQUENCE-REPEAT')],
    },
    {
      key: 'transport padding',
      label: 'the body padded with 1 MiB of whitespace',
      slot: 'transport',
      transport: 'padding',
      open: true,
      items: [
        item(level('CK-ROBUST-LARGE-BODY'), 'a body padded with 1 MiB of whitespace', 'CK-ROBUST-LARGE-BODY'),
      ],
    },
  ];
  if (options.aksk)
    out.push({
      key: 'transport aksk',
      label: 'sent with an AK/SK signature',
      slot: 'transport',
      transport: 'aksk',
      open: false,
      items: [item(level('CK-AUTH-SIGNATURE'), 'a create signed with AK/SK', 'CK-AUTH-SIGNATURE')],
    });
  return out;
}

/** The body a create sends: a fresh alias, then each facet's fields; fields set to undefined are left out. */
export function bodyWith(facets: readonly Facet[], fresh: Fresh, attempt = 0): Record<string, unknown> {
  const body: Record<string, unknown> = { key_alias: fresh.alias() };
  for (const f of facets) if (f.patch) Object.assign(body, f.patch(fresh, attempt));
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return body;
}
