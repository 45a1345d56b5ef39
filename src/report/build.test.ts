import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { error, type Finding, fail, pass, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import { buildReport, exitCodeOf } from './build.js';

const base = {
  version: '0.0.0',
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  target: {
    url: 'http://127.0.0.1:1',
    projectId: 'p',
    embedded: true,
    auth: 'token' as const,
    signingChecks: false,
  },
  edition: 'seed' as const,
  seed: 1,
  numRuns: 1,
  runId: 'kmsct-abc',
  strict: false,
  findings: [] as Finding[],
  created: [],
  cleaned: [],
  capabilities: {},
  requests: { sent: 0, retries: 0 },
  errors: [],
};
const statusOf = (report: ReturnType<typeof buildReport>, id: string) =>
  report.requirements.find((r) => r.id === id)?.status;
/** A finding of a requirement's own check, as the collector hands it over. */
const own = (f: Finding): Finding => ({ ...f, where: `${f.requirement} ${f.case}` });

describe('buildReport', () => {
  it('turns our own errors into an incomplete verdict (exit 3), a MUST failure into exit 1, a SHOULD failure into a warning', () => {
    const ours = buildReport({
      ...base,
      findings: [own(error('CK-CREATE-MINIMAL', 'c', 'KMSCT_ERR_TIMEOUT', 'KMSCT_ERR_TIMEOUT: no answer'))],
    });
    expect([statusOf(ours, 'CK-CREATE-MINIMAL'), ours.summary.verdict, exitCodeOf(ours)]).toEqual([
      'error',
      'incomplete',
      3,
    ]);
    const allowed = buildReport({
      ...base,
      allowIncomplete: true,
      findings: [own(error('CK-CREATE-MINIMAL', 'c', 'KMSCT_ERR_TIMEOUT', 'x'))],
    });
    expect([allowed.summary.verdict, exitCodeOf(allowed)]).toEqual(['incomplete', 0]);
    const must = buildReport({
      ...base,
      findings: [own(fail('CK-CREATE-MINIMAL', 'c', 'status', 'Received 400', []))],
    });
    expect([statusOf(must, 'CK-CREATE-MINIMAL'), exitCodeOf(must)]).toEqual(['fail', 1]);
    const contentType = own(fail('CK-CONTENT-TYPE', 'c', 'content-type', 'text/plain', []));
    const should = buildReport({ ...base, findings: [contentType] });
    expect([should.summary.warnings, should.summary.verdict]).toEqual([1, 'incomplete']);
    expect(exitCodeOf(buildReport({ ...base, strict: true, findings: [contentType] }))).toBe(1);
  });

  it('a failure outweighs our own error on the same requirement; run-level errors make the verdict error', () => {
    const both = buildReport({
      ...base,
      findings: [
        own(error('CK-ALIAS-TYPE', 'a', 'KMSCT_ERR_NOT_EVIDENCE', 'refused twice with KMS.1104')),
        own(fail('CK-ALIAS-TYPE', 'b', 'status', 'Received 200; expected 400', [])),
      ],
    });
    expect([statusOf(both, 'CK-ALIAS-TYPE'), both.summary.verdict]).toEqual(['fail', 'non-conformant']);
    const crashed = buildReport({ ...base, errors: ['the test engine failed: boom'] });
    expect([crashed.summary.verdict, exitCodeOf(crashed)]).toEqual(['error', 2]);
  });

  it('is conformant only when every MUST ran and passed; a capability skip keeps it whole, a budget skip does not', () => {
    const passedAll = catalogue
      .filter((r) => r.levels.seed === 'MUST')
      .map((r) => own(pass(r.id, 'c', 'ok')));
    expect(buildReport({ ...base, findings: passedAll }).summary).toMatchObject({
      verdict: 'conformant',
      coverage: { MUST: { checked: passedAll.length, total: passedAll.length } },
    });
    const [first, ...rest] = passedAll;
    const skippedFor = (why: ReturnType<typeof skipped.budget>) =>
      buildReport({ ...base, findings: [...rest, own(skip(first?.requirement ?? '', 'c', why))] });
    expect(skippedFor(skipped.capability('describe-key', '404')).summary.verdict).toBe('conformant');
    expect(skippedFor(skipped.budget('--max-keys 3')).summary.verdict).toBe('incomplete');
    expect(skippedFor(skipped.budget('--max-keys 3')).summary.coverage.MUST.checked).toBe(rest.length);
    // Checked in part (a value the budget left out): a skip, not a pass.
    const partial = buildReport({
      ...base,
      findings: [...passedAll, own(skip(first?.requirement ?? '', 'd', skipped.budget('--max-keys 3')))],
    });
    expect(statusOf(partial, first?.requirement ?? '')).toBe('skip');
  });

  it('passes a requirement whose checks passed and skips one with no check, saying why', () => {
    const report = buildReport({
      ...base,
      grep: '^CK-CREATE',
      findings: [own(pass('CK-CREATE-MINIMAL', 'c', 'ok'))],
    });
    expect(statusOf(report, 'CK-CREATE-MINIMAL')).toBe('pass');
    expect(report.requirements.find((r) => r.id === 'CK-ALIAS-REQUIRED')).toMatchObject({
      status: 'skip',
      reason: 'skipped: not selected by --grep',
      skipKind: 'selection',
    });
    expect(report.summary.verdict).toBe('incomplete');
  });

  it('keeps an unselected requirement unselected unless an answer broke its rule', () => {
    const seen = [
      pass('CK-KEY-ID-UNIQUE', 'the keys of the run', 'distinct'),
      fail('CK-CONTENT-TYPE', 'x', 'content-type', 'text/plain', [], { alwaysOn: true }),
    ];
    const report = buildReport({ ...base, grep: '^CK-CREATE', findings: seen });
    expect(statusOf(report, 'CK-KEY-ID-UNIQUE')).toBe('skip');
    expect(statusOf(report, 'CK-CONTENT-TYPE')).toBe('fail');
  });

  it('reports every case with its fingerprint, and each failure with the case and what differed', () => {
    const broken = own(
      fail('CK-ALIAS-TYPE', 'key_alias type: true', 'status', 'Received 200; expected 400', []),
    );
    const report = buildReport({
      ...base,
      findings: [own(pass('CK-ALIAS-TYPE', 'key_alias type: null', 'refused')), broken],
    });
    const r = report.requirements.find((q) => q.id === 'CK-ALIAS-TYPE');
    expect(r?.cases.map((c) => [c.case, c.status])).toEqual([
      ['key_alias type: null', 'pass'],
      ['key_alias type: true', 'fail'],
    ]);
    expect(r?.failures[0]).toMatchObject({
      case: 'key_alias type: true',
      aspect: 'status',
      fingerprint: broken.fingerprint,
    });
  });

  it('shows the first few answers that break an always-on rule, and counts them all', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      fail('CK-CONTENT-TYPE', `check ${i}`, 'content-type', 'text/plain', [], { alwaysOn: true }),
    );
    const r = buildReport({ ...base, findings: many }).requirements.find((q) => q.id === 'CK-CONTENT-TYPE');
    expect(r?.failures).toHaveLength(5);
    expect(r?.failures[0]?.message).toBe('text/plain (one of 8 answers that break it)');
  });
});
