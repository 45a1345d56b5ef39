/**
 * What a run exercised, from what it did, never from what it planned: a derived value counts when a finding
 * judged it (a refusal check of its key, passed or failed) or a create of the key phase carried it and got an
 * answer (served or refused). Rows follow `list --derived` (field × keyword, by what the oracle expects), so
 * the totals agree with it; each row says whether the run saw the keyword from both sides (a value that must
 * be accepted and one that must be refused), from one, or from neither.
 */
import { documentedStatuses } from '../catalogue/answers.js';
import { errorCodes } from '../catalogue/error-codes.js';
import { catalogue } from '../catalogue/index.js';
import type { Edition } from '../catalogue/types.js';
import { type DerivedCase, deriveCases, type Fresh } from '../generators/derive.js';
import type { KeyPhaseFacts } from '../judge/facts.js';
import type { Tally } from '../transport/answer-tally.js';
import type { CoverageCount, CoverageDetail, Exercised, RequirementResult } from './model.js';

export interface CoverageInputs {
  readonly edition: Edition;
  readonly results: readonly RequirementResult[];
  readonly keys?: KeyPhaseFacts;
  readonly answers?: Tally;
}

const sample: Fresh = {
  alias: () => 'kmsct-coverage-0',
  digits: () => '7000000000003',
  sequence: () => '919c82d4-8046-4722-9094-35c3c6524cff',
};

/** The derived key a facet of the key phase came from: cells' facets carry their field in brackets. */
const derivedKeyOf = (facet: string) => facet.replace(/ \[[a-z_]+\]$/, '');

export function exercisedOf(inputs: CoverageInputs): CoverageDetail {
  const cases = deriveCases(inputs.edition);
  const judged = new Set(
    inputs.results.flatMap((r) =>
      r.cases.filter((c) => c.status === 'pass' || c.status === 'fail').map((c) => c.case),
    ),
  );
  const carried = new Set(
    (inputs.keys?.creates ?? []).flatMap((c) =>
      [...c.served, ...c.refused.map((r) => r.facet)].map(derivedKeyOf),
    ),
  );
  const exercised = (c: DerivedCase) =>
    judged.has(c.key) || carried.has(c.key) || (c.family === 'cell' && cellSent(c, inputs.keys));
  const values = cases.map((c) => ({
    key: c.key,
    field: c.field,
    keyword: c.family,
    expect: c.classification.expect,
    exercised: exercised(c),
  }));
  return {
    edition: inputs.edition,
    requirements: requirementRows(cases, inputs.results, exercised),
    keywords: keywordRows(values),
    values,
    cells: cases
      .filter((c) => c.family === 'cell')
      .map((c) => {
        const fields = c.patch(sample, 0) as Record<string, unknown>;
        const of = (f: string) => (typeof fields[f] === 'string' ? (fields[f] as string) : '(default)');
        return {
          key_spec: of('key_spec'),
          key_usage: of('key_usage'),
          origin: of('origin'),
          expect: c.classification.expect,
          exercised: exercised(c),
        };
      }),
    statuses: documentedStatuses[inputs.edition].map((status) => ({
      status,
      seen: inputs.answers?.statuses[status] ?? 0,
    })),
    codes: Object.keys(errorCodes)
      .sort()
      .map((code) => ({ code, seen: inputs.answers?.codes[code] ?? 0 })),
    readings: readingsOf(inputs.results),
  };
}

/**
 * A cell counts when one create carried all its fields and they were accepted together (or one was named as
 * refused); the bare cell, when an accepted send carried no field of a cell at all.
 */
function cellSent(c: DerivedCase, keys: KeyPhaseFacts | undefined): boolean {
  if (keys === undefined) return false;
  const fields = Object.keys(c.patch(sample, 0));
  if (fields.length === 0)
    return keys.sends.some((s) => s.status === 200 && !s.facets.some((f) => f.startsWith('(cell) ')));
  const own = fields.map((f) => `${c.key} [${f}]`);
  return keys.creates.some(
    (k) => own.every((f) => k.served.includes(f)) || k.refused.some((r) => own.includes(r.facet)),
  );
}

function requirementRows(
  cases: readonly DerivedCase[],
  results: readonly RequirementResult[],
  exercised: (c: DerivedCase) => boolean,
): CoverageDetail['requirements'] {
  return results.map((r) => {
    const own = cases.filter((c) => c.classification.rules.some((rule) => rule.id === r.id));
    const done = own.filter(exercised).length;
    return {
      id: r.id,
      level: r.level,
      status: r.status,
      derived: { total: own.length, exercised: done },
      partial: done > 0 && done < own.length,
    };
  });
}

function keywordRows(values: CoverageDetail['values']): CoverageDetail['keywords'] {
  const rows = new Map<string, CoverageDetail['keywords'][number]>();
  const zero = (): CoverageCount => ({ total: 0, exercised: 0 });
  for (const v of values) {
    const id = `${v.field} ${v.keyword}`;
    const row = rows.get(id) ?? {
      field: v.field,
      keyword: v.keyword,
      accept: zero(),
      refuse: zero(),
      either: zero(),
      exercised: 'none' as Exercised,
    };
    const count = row[v.expect];
    const next = { total: count.total + 1, exercised: count.exercised + (v.exercised ? 1 : 0) };
    rows.set(id, { ...row, [v.expect]: next });
  }
  return [...rows.values()].map((row) => ({ ...row, exercised: sidesOf(row) }));
}

function sidesOf(row: { accept: CoverageCount; refuse: CoverageCount; either: CoverageCount }): Exercised {
  const valid = row.accept.exercised > 0;
  const invalid = row.refuse.exercised > 0;
  if (valid && invalid) return 'both';
  if (valid) return 'valid only';
  if (invalid) return 'invalid only';
  return row.either.exercised > 0 ? 'open only' : 'none';
}

/** Each question §7 leaves open (a spec row S7-…), with what the requirements that observe it saw. */
function readingsOf(results: readonly RequirementResult[]): CoverageDetail['readings'] {
  const rows = new Map<string, string[]>();
  for (const requirement of catalogue)
    for (const row of requirement.rows.filter((r) => r.startsWith('S7-') && !r.startsWith('S7-IMPLIED'))) {
      const seen = results.find((r) => r.id === requirement.id)?.observations ?? [];
      rows.set(row, [...(rows.get(row) ?? []), ...seen]);
    }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([row, observed]) => ({ row, observed }));
}

/** The coverage of shards merged: a value any shard exercised, answers of every shard, every observation. */
export function mergeExercised(
  parts: readonly CoverageDetail[],
  results: readonly RequirementResult[],
): CoverageDetail | undefined {
  const [first] = parts;
  if (first === undefined) return undefined;
  const any = <T>(pick: (c: CoverageDetail) => readonly T[], i: number, test: (t: T) => boolean) =>
    parts.some((p) => {
      const v = pick(p)[i];
      return v !== undefined && test(v);
    });
  const sum = <T>(pick: (c: CoverageDetail) => readonly T[], i: number, n: (t: T) => number) =>
    parts.reduce((total, p) => total + n(pick(p)[i] as T), 0);
  const values = first.values.map((v, i) => ({
    ...v,
    exercised: any(
      (c) => c.values,
      i,
      (x) => x.exercised,
    ),
  }));
  const byKey = new Map(values.map((v) => [v.key, v.exercised]));
  return {
    ...first,
    requirements: requirementRows(deriveCases(first.edition), results, (c) => byKey.get(c.key) === true),
    keywords: keywordRows(values),
    values,
    cells: first.cells.map((c, i) => ({
      ...c,
      exercised: any(
        (p) => p.cells,
        i,
        (x) => x.exercised,
      ),
    })),
    statuses: first.statuses.map((s, i) => ({
      ...s,
      seen: sum(
        (p) => p.statuses,
        i,
        (x) => x.seen,
      ),
    })),
    codes: first.codes.map((s, i) => ({
      ...s,
      seen: sum(
        (p) => p.codes,
        i,
        (x) => x.seen,
      ),
    })),
    readings: first.readings.map((r, i) => ({
      ...r,
      observed: [...new Set(parts.flatMap((p) => p.readings[i]?.observed ?? []))],
    })),
  };
}
