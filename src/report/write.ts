import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../transport/redact.js';
import { annotations, jobSummary } from './github.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { Report } from './model.js';
import { renderSarif } from './sarif.js';

/**
 * Writes report.json, junit.xml, report.html, report.sarif and coverage.json. Exchanges were redacted when they
 * were recorded; the whole text goes through the redactor once more, so a secret that reached a message some
 * other way is still caught.
 */
export function writeReports(
  dir: string,
  report: Report,
  redactor: Redactor,
): { json: string; junit: string; html: string; sarif: string; coverage: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const junit = join(dir, 'junit.xml');
  const html = join(dir, 'report.html');
  const sarif = join(dir, 'report.sarif');
  const coverage = join(dir, 'coverage.json');
  writeFileSync(json, `${redactor.text(JSON.stringify(report, null, 2))}\n`);
  writeFileSync(junit, redactor.text(renderJunit(report)));
  writeFileSync(html, redactor.text(renderHtml(report)));
  writeFileSync(sarif, redactor.text(renderSarif(report)));
  writeFileSync(coverage, `${redactor.text(JSON.stringify(report.coverage ?? null, null, 2))}\n`);
  return { json, junit, html, sarif, coverage };
}

/**
 * In a GitHub Actions job: the job summary appended to $GITHUB_STEP_SUMMARY, and one annotation per failing
 * requirement on `out` (the runner reads workflow commands from stdout). Nothing outside GitHub Actions.
 */
export function writeGithubOutputs(
  report: Report,
  redactor: Redactor,
  out: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary !== undefined && summary !== '') appendFileSync(summary, redactor.text(jobSummary(report)));
  if (env.GITHUB_ACTIONS === 'true')
    for (const line of annotations(report)) out.write(`${redactor.text(line)}\n`);
}
