import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../transport/redact.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { Report } from './model.js';

/**
 * Writes report.json, junit.xml and report.html. Exchanges were redacted when they were recorded; the whole text goes
 * through the redactor once more, so a secret that reached a message some other way is still caught.
 */
export function writeReports(
  dir: string,
  report: Report,
  redactor: Redactor,
): { json: string; junit: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const junit = join(dir, 'junit.xml');
  const html = join(dir, 'report.html');
  writeFileSync(json, `${redactor.text(JSON.stringify(report, null, 2))}\n`);
  writeFileSync(junit, redactor.text(renderJunit(report)));
  writeFileSync(html, redactor.text(renderHtml(report)));
  return { json, junit, html };
}
