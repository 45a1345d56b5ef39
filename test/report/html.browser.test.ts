/**
 * report.html and kill-matrix.html in a real browser (Debian's chromium, driven by playwright-core): what a
 * person sees and does. The report comes from a CLI run against a reference with two planted faults and a
 * distinctive token; the screenshot is kept in reports/ as a test artefact.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, type Baseline } from '../../src/gate/baseline.js';
import { compareReports } from '../../src/gate/compare.js';
import { renderHtml } from '../../src/report/html.js';
import { renderKillMatrixHtml } from '../../src/report/kill-matrix-html.js';
import type { Report } from '../../src/report/model.js';
import { tempDir } from '../support/files.js';
import { runCli } from '../support/spawn.js';

const require = createRequire(import.meta.url);
const artefacts = fileURLToPath(new URL('../../reports/', import.meta.url));
const token = 'TOKEN-html-Q7w2distinctive';
/**
 * Debian's chromium, which .ci/run installs with apt-get; CHROMIUM_PATH points elsewhere. Without one the test
 * fails and says so: a browser test that skips itself would pass on any machine without proving anything.
 */
const executable = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
  (p): p is string => p !== undefined && existsSync(p),
);

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations as { id: string; impact: string; nodes: unknown[] }[];
  });
  return result.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

describe('the HTML reports in chromium', () => {
  let browser: Browser;
  let report: Report;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('html');
    const result = await runCli(
      [
        'run',
        '--fault',
        'missing-domain-id',
        '--fault',
        'alias-max-256',
        '--token',
        token,
        '--report-dir',
        dir,
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr.slice(-500)).toBe(1);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    if (executable === undefined)
      throw new Error(
        "no chromium: install Debian's (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH",
      );
    browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verdict and coverage first; filtered to MUST failures, a failure opens to its request and its curl, which copies', async () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.includes(token), 'the token is in report.html').toBe(false);
    expect(html).not.toMatch(/<(link|img|script)[^>]+(src|href)=["']?https?:/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    // Nothing is fetched: the file stands alone.
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) fetched.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await expect.poll(() => page.locator('.verdict').textContent()).toBe('non-conformant');
    expect(await page.getByRole('table', { name: 'Coverage by level' }).isVisible()).toBe(true);
    expect(await page.locator('#command').textContent()).toContain(`--seed ${report.seed}`);

    for (const name of ['SHOULD', 'MAY']) await page.getByRole('checkbox', { name }).uncheck();
    for (const name of ['error', 'skip', 'pass']) await page.getByRole('checkbox', { name }).uncheck();
    const mustFailures = report.requirements.filter((r) => r.level === 'MUST' && r.status === 'fail');
    const visible = page.locator('tr[data-level]:visible');
    expect(await visible.count()).toBe(mustFailures.length);
    expect(await page.locator('#shown').textContent()).toBe(`${mustFailures.length} requirement(s) shown`);
    const shownIds = await visible.locator('td:first-child').allTextContents();
    expect(shownIds.sort()).toEqual(mustFailures.map((r) => r.id).sort());

    const first = mustFailures.find((r) => r.failures[0]?.curl);
    const row = page.locator(`tr[data-level]:visible`, { hasText: first?.id ?? '?' });
    await row.locator('summary').first().click();
    await expect.poll(() => row.getByRole('heading', { name: 'Request' }).first().isVisible()).toBe(true);
    // Its name changes once clicked: held by what it copies.
    const copy = row.locator('button[data-copy^="curl-"]').first();
    expect(await copy.textContent()).toBe('Copy curl');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe(first?.failures[0]?.curl);
    expect(copied).toContain('$KMSCT_TOKEN');

    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(artefacts, { recursive: true });
    await page.screenshot({ path: join(artefacts, 'report-html-failure.png') });
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await page.screenshot({ path: join(artefacts, 'report-html.png') });
    expect(fetched).toEqual([]);
    await context.close();
  }, 60_000);

  it('with a baseline and a comparison: known, new and fixed apart, the coverage matrices, no accessibility violation', async () => {
    const failing = report.requirements.find((q) => q.id === 'CK-ALIAS-LENGTH-INVALID');
    const known = failing?.cases.find((c) => c.status === 'fail');
    const baseline: Baseline = {
      format: 'kms-conformance-baseline/1',
      entries: [
        {
          fingerprint: known?.fingerprint ?? '',
          requirement: 'CK-ALIAS-LENGTH-INVALID',
          case: known?.case ?? '',
          reason: 'accepted: ticket 12',
          first_seen: '2026-11-01',
          last_seen: '2026-11-30',
        },
      ],
    };
    const gated: Report = {
      ...report,
      baseline: applyBaseline(report, baseline, 'kms-conformance.baseline.json'),
      comparison: compareReports(report, report, 'last-main/report.json'),
    };
    const file = join(dir, 'gated.html');
    writeFileSync(file, renderHtml(gated));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.getByRole('heading', { name: 'Baseline' }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Baseline: known' }).getByRole('row').count()).toBe(2);
    expect(await page.getByRole('table', { name: 'Baseline: new' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Compared with an earlier run' }).isVisible()).toBe(true);
    const matrix = page.getByRole('table', { name: 'Derived values exercised, by field and keyword' });
    expect(
      await matrix
        .getByRole('row', { name: /key_alias/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toMatch(/invalid only|both/);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('the kill matrix page reads as a table of faults and requirements, with no accessibility violation', async () => {
    const file = join(dir, 'kill-matrix.html');
    writeFileSync(
      file,
      renderKillMatrixHtml(
        [
          {
            name: 'two-faults',
            kind: 'fault',
            summary: 'missing domain_id and a 256-character alias',
            trips: [
              { id: 'CK-RESP-SCHEMA', level: 'MUST' },
              { id: 'CK-ALIAS-LENGTH-INVALID', level: 'MUST' },
            ],
            exitCode: 1,
            report,
          },
        ],
        3,
      ),
    );
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kill matrix');
    expect(await page.getByText('Mutation score: 1/1 faults killed (100.0 %).').isVisible()).toBe(true);
    const cell = page.getByRole('row', { name: /two-faults/ }).getByRole('cell', {
      name: 'named by the fault and failed',
    });
    expect(await cell.count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
