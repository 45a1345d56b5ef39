/**
 * Baselines and comparisons over reports built from hand-made findings: each entry placed as known, new,
 * expired, unobserved or fixed; a baseline never hides another case of its requirement; the gating verdict.
 */
import { describe, expect, it } from 'vitest';
import { type Finding, fail, pass, skip } from '../../src/findings/finding.js';
import { skipped } from '../../src/findings/skips.js';
import { applyBaseline, createBaseline, pruneBaseline } from '../../src/gate/baseline.js';
import { compareReports } from '../../src/gate/compare.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/model.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const reportOf = (findings: Finding[], on = '2026-12-01'): Report =>
  buildReport({
    version: 'test',
    startedAt: day(on),
    finishedAt: day(on),
    target: {
      url: 'http://127.0.0.1:1',
      projectId: 'p',
      embedded: false,
      auth: 'token',
      signingChecks: false,
    },
    edition: 'seed',
    seed: 1,
    numRuns: 1,
    runId: 'kmsct-test',
    strict: false,
    findings,
    created: [],
    cleaned: [],
    capabilities: {},
    requests: { sent: 0, retries: 0 },
    errors: [],
  });

const long = fail(
  'CK-ALIAS-LENGTH-INVALID',
  'key_alias length: 256 characters',
  'status',
  'Received 200',
  [],
);
const empty = fail('CK-ALIAS-LENGTH-INVALID', 'key_alias length: 0 characters', 'status', 'Received 200', []);
const emptyPasses = pass('CK-ALIAS-LENGTH-INVALID', 'key_alias length: 0 characters', 'refused');
const longPasses = pass('CK-ALIAS-LENGTH-INVALID', 'key_alias length: 256 characters', 'refused');
const requiredPasses = pass('CK-ALIAS-REQUIRED', 'key_alias required: key_alias left out', 'refused');
const required = fail(
  'CK-ALIAS-REQUIRED',
  'key_alias required: key_alias left out',
  'status',
  'Received 200',
  [],
);

describe('a baseline against a run', () => {
  const base = createBaseline(reportOf([long, emptyPasses, required]), {
    reason: 'ticket 12',
    ticket: 'T-12',
  });

  it('is made of every failing case, by fingerprint, with the reason and the day it was seen', () => {
    expect(base.entries.map((e) => [e.requirement, e.case, e.fingerprint])).toEqual([
      ['CK-ALIAS-LENGTH-INVALID', long.case, long.fingerprint],
      ['CK-ALIAS-REQUIRED', required.case, required.fingerprint],
    ]);
    expect(base.entries[0]).toMatchObject({
      reason: 'ticket 12',
      ticket: 'T-12',
      first_seen: '2026-12-01',
      last_seen: '2026-12-01',
      aspect: 'status',
      level: 'MUST',
    });
  });

  // The other requirements did not run here: the best verdict these reports can have is incomplete.
  const clean = reportOf([longPasses, emptyPasses, requiredPasses]).summary.verdict;

  it('the same failures again: all known, and the gating verdict is that of a run without them', () => {
    const report = reportOf([long, emptyPasses, required]);
    const result = applyBaseline(report, base, 'b.json');
    expect(report.summary.verdict).toBe('non-conformant');
    expect(clean).toBe('incomplete');
    expect(result.verdict).toBe(clean);
    expect(result.counts).toEqual({ known: 2, new: 0, expired: 0, unobserved: 0, fixed: 0 });
  });

  it('another case of a known requirement failing is new: the baseline never hides it', () => {
    const result = applyBaseline(reportOf([long, empty, required]), base, 'b.json');
    expect(result.items.filter((i) => i.status === 'new').map((i) => i.case)).toEqual([empty.case]);
    expect(result.verdict).toBe('non-conformant');
  });

  it('an entry past its expiry gates like a new failure', () => {
    const dated = createBaseline(reportOf([long]), { reason: 'until the fix', expires: '2026-12-01' });
    expect(applyBaseline(reportOf([long], '2026-12-01'), dated, 'b').verdict).toBe(clean);
    const later = applyBaseline(reportOf([long], '2026-12-02'), dated, 'b');
    expect(later.items.map((i) => i.status)).toEqual(['expired']);
    expect(later.verdict).toBe('non-conformant');
  });

  it('an entry whose case did not run is unobserved; one whose case passed is fixed, and only that is pruned', () => {
    const report = reportOf([
      longPasses,
      emptyPasses,
      skip('CK-ALIAS-REQUIRED', required.case, skipped.selection('by --grep')),
    ]);
    const result = applyBaseline(report, base, 'b.json');
    expect(Object.fromEntries(result.items.map((i) => [i.requirement, i.status]))).toEqual({
      'CK-ALIAS-LENGTH-INVALID': 'fixed',
      'CK-ALIAS-REQUIRED': 'unobserved',
    });
    const { baseline: kept, pruned } = pruneBaseline(base, result);
    expect(pruned.map((e) => e.requirement)).toEqual(['CK-ALIAS-LENGTH-INVALID']);
    expect(kept.entries.map((e) => e.requirement)).toEqual(['CK-ALIAS-REQUIRED']);
  });

  it('made again over an existing baseline: entries keep their reason and first sighting, and are seen again', () => {
    const again = createBaseline(reportOf([long, empty], '2026-12-05'), { reason: 'later' }, base);
    const byCase = new Map(again.entries.map((e) => [e.case, e]));
    expect(byCase.get(long.case)).toMatchObject({
      reason: 'ticket 12',
      first_seen: '2026-12-01',
      last_seen: '2026-12-05',
    });
    expect(byCase.get(empty.case)).toMatchObject({ reason: 'later', first_seen: '2026-12-05' });
    // Not seen today, and never dropped by a create.
    expect(byCase.get(required.case)?.last_seen).toBe('2026-12-01');
  });
});

describe('two runs compared', () => {
  it('names the new failures, the fixed ones (only if their case ran again) and the status changes', () => {
    const old = reportOf([long, required]);
    const now = reportOf([longPasses, empty]);
    const k = compareReports(old, now, 'old/report.json');
    expect(k.newFailures.map((f) => f.case)).toEqual([empty.case]);
    expect(k.fixed.map((f) => f.case)).toEqual([long.case]);
    expect(k.changed.find((c) => c.id === 'CK-ALIAS-REQUIRED')).toMatchObject({ from: 'fail', to: 'skip' });
    expect(k.regression).toBe(true);
    expect(compareReports(now, now, 'x').regression).toBe(false);
    expect(compareReports(old, reportOf([longPasses]), 'x').regression).toBe(false);
  });
});
