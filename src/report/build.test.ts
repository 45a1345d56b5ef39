import { describe, expect, it } from 'vitest';
import { skipped } from '../config/skips.js';
import type { CreatedKey } from '../config/state.js';
import { catalogue } from '../spec/catalogue/index.js';
import { buildReport, exitCodeOf } from './build.js';
import type { TestOutcome } from './model.js';

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
  outcomes: [] as TestOutcome[],
  findings: [],
  created: [] as CreatedKey[],
  cleaned: [],
  capabilities: {},
  requests: { sent: 0, retries: 0 },
  errors: [],
};
const key = (keyId: string, alias: string, sequence?: string): CreatedKey => ({
  keyId,
  alias,
  domainId: 'd',
  test: 't',
  ...(sequence && { sequence }),
});
const statusOf = (report: ReturnType<typeof buildReport>, id: string) =>
  report.requirements.find((r) => r.id === id)?.status;
const outcome = (
  requirementId: string,
  state: TestOutcome['state'],
  messages: string[] = [],
): TestOutcome => ({
  requirementId,
  name: `${requirementId} t`,
  file: 'f',
  state,
  messages,
  evidence: [],
  durationMs: 1,
});

describe('buildReport', () => {
  it('fails CK-KEY-ID-UNIQUE when two creates share a key_id, but not for a replay of one sequence (§7)', () => {
    expect(
      statusOf(buildReport({ ...base, created: [key('k1', 'a'), key('k1', 'b')] }), 'CK-KEY-ID-UNIQUE'),
    ).toBe('fail');
    expect(
      statusOf(
        buildReport({ ...base, created: [key('k1', 'a', 's'), key('k1', 'b', 's')] }),
        'CK-KEY-ID-UNIQUE',
      ),
    ).not.toBe('fail');
  });

  it('fails CK-DOMAIN-ID-STABLE when one run sees two domain_ids', () => {
    const created = [key('k1', 'a'), { ...key('k2', 'b'), domainId: 'other' }];
    expect(statusOf(buildReport({ ...base, created }), 'CK-DOMAIN-ID-STABLE')).toBe('fail');
  });

  it('turns our own errors into an incomplete verdict (exit 3), a MUST failure into exit 1, a SHOULD failure into a warning', () => {
    const ours = buildReport({
      ...base,
      outcomes: [outcome('CK-CREATE-MINIMAL', 'failed', ['KMSCT_ERR_TIMEOUT: expected an answer'])],
    });
    expect([statusOf(ours, 'CK-CREATE-MINIMAL'), ours.summary.verdict, exitCodeOf(ours)]).toEqual([
      'error',
      'incomplete',
      3,
    ]);
    const allowed = buildReport({
      ...base,
      allowIncomplete: true,
      outcomes: [outcome('CK-CREATE-MINIMAL', 'failed', ['KMSCT_ERR_TIMEOUT: x'])],
    });
    expect([allowed.summary.verdict, exitCodeOf(allowed)]).toEqual(['incomplete', 0]);
    const must = buildReport({
      ...base,
      outcomes: [outcome('CK-CREATE-MINIMAL', 'failed', ['expected 400 to be 200'])],
    });
    expect([statusOf(must, 'CK-CREATE-MINIMAL'), exitCodeOf(must)]).toEqual(['fail', 1]);
    const should = buildReport({ ...base, outcomes: [outcome('CK-CONTENT-TYPE', 'failed', ['text/plain'])] });
    expect([should.summary.warnings, should.summary.verdict]).toEqual([1, 'incomplete']);
    expect(
      exitCodeOf(
        buildReport({ ...base, strict: true, outcomes: [outcome('CK-CONTENT-TYPE', 'failed', ['x'])] }),
      ),
    ).toBe(1);
  });

  it('a failure outweighs our own error on the same requirement; run-level errors make the verdict error', () => {
    const both = buildReport({
      ...base,
      outcomes: [
        outcome('CK-ALIAS-TYPE', 'failed', ['KMSCT_ERR_NOT_EVIDENCE: refused twice with KMS.1104']),
        outcome('CK-ALIAS-TYPE', 'failed', ['Received 200; expected 400']),
      ],
    });
    expect([statusOf(both, 'CK-ALIAS-TYPE'), both.summary.verdict]).toEqual(['fail', 'non-conformant']);
    const crashed = buildReport({ ...base, errors: ['the test engine failed: boom'] });
    expect([crashed.summary.verdict, exitCodeOf(crashed)]).toEqual(['error', 2]);
  });

  it('is conformant only when every MUST ran and passed; a capability skip keeps it whole, a budget skip does not', () => {
    const passedAll = catalogue.filter((r) => r.levels.seed === 'MUST').map((r) => outcome(r.id, 'passed'));
    expect(buildReport({ ...base, outcomes: passedAll }).summary).toMatchObject({
      verdict: 'conformant',
      coverage: { MUST: { checked: passedAll.length, total: passedAll.length } },
    });
    const [first, ...rest] = passedAll;
    const skippedFor = (note: string) =>
      buildReport({
        ...base,
        outcomes: [...rest, { ...outcome(first?.requirementId ?? '', 'skipped'), note }],
      });
    expect(skippedFor(skipped.capability('describe-key', '404')).summary.verdict).toBe('conformant');
    expect(skippedFor(skipped.budget('--max-keys 3')).summary.verdict).toBe('incomplete');
    expect(skippedFor(skipped.budget('--max-keys 3')).summary.coverage.MUST.checked).toBe(rest.length);
  });

  it('passes a requirement whose tests passed and skips one with no test, saying why', () => {
    const report = buildReport({
      ...base,
      grep: '^CK-CREATE',
      outcomes: [outcome('CK-CREATE-MINIMAL', 'passed')],
    });
    expect(statusOf(report, 'CK-CREATE-MINIMAL')).toBe('pass');
    expect(report.requirements.find((r) => r.id === 'CK-ALIAS-REQUIRED')).toMatchObject({
      status: 'skip',
      reason: 'skipped: not selected by --grep',
      skipKind: 'selection',
    });
    expect(report.summary.verdict).toBe('incomplete');
  });
});
