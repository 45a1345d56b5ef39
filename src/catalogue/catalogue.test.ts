import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { catalogue, requirement, strongestLevel } from './index.js';
import { schemaFiles } from './schemas.js';
import { specRows } from './spec-rows.js';

const rowIds = new Set(specRows.map((r) => r.id));

/** Spec row → the requirement ids that cover it. */
const coverage = new Map(specRows.map((row) => [row.id, catalogue.filter((r) => r.rows.includes(row.id))]));

describe('the catalogue covers the spec', () => {
  it('maps every spec row to at least one requirement', () => {
    const table = [...coverage].map(([row, reqs]) => [row, reqs.map((r) => r.id)] as const);
    const uncovered = table.filter(([, ids]) => ids.length === 0).map(([row]) => row);
    expect(uncovered).toEqual([]);
  });

  it('gives every rule of §2 and §3 at least one MUST requirement', () => {
    const weak = specRows
      .filter((row) => row.section === '§2' || row.section === '§3')
      .filter((row) => row.id !== 'S3-ID-FORMATS') // facts from other pages, not seed rules
      .filter((row) => !(coverage.get(row.id) ?? []).some((r) => strongestLevel(r) === 'MUST'))
      .map((row) => row.id);
    expect(weak).toEqual([]);
  });

  it('never rates an open reading of §7 above SHOULD', () => {
    const tooStrong = catalogue
      .filter((r) => r.rows.some((row) => row.startsWith('S7-')))
      .filter((r) => Object.values(r.levels).includes('MUST'))
      .map((r) => r.id);
    expect(tooStrong).toEqual([]);
  });

  it('refers only to spec rows that exist', () => {
    const dangling = catalogue.flatMap((r) =>
      r.rows.filter((row) => !rowIds.has(row)).map((row) => `${r.id}→${row}`),
    );
    expect(dangling).toEqual([]);
  });
});

describe('catalogue records are well formed', () => {
  it.each(catalogue.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    expect(r.id).toMatch(/^CK-[A-Z0-9]+(?:-[A-Z0-9]+)*$/);
    expect(Object.keys(r.levels).length).toBeGreaterThan(0);
    expect(r.source.en.length).toBeGreaterThan(0);
    expect(r.observation.length).toBeGreaterThan(0);
    if (r.reference) expect(Object.keys(errorCodes)).toContain(r.reference.code);
  });

  it('looks a requirement up by id and refuses unknown ids with a coded error', () => {
    expect(requirement('CK-ALIAS-REQUIRED').family).toBe('alias');
    expect(() => requirement('CK-NOPE')).toThrow(/KMSCT_ERR_CATALOGUE: unknown requirement id "CK-NOPE"/);
  });

  it('names every cross-field rule of a schema after a requirement of kind schema or semantic', () => {
    const titles = [...schemaFiles.values()].flatMap((s) => (s.allOf ?? []).map((b) => b.title));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(() => requirement(String(title))).not.toThrow();
  });
});
