import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../transport/redact.js';
import { renderJunit } from './junit.js';
import type { Report } from './model.js';

/**
 * Writes report.json and junit.xml. Exchanges were redacted when they were recorded; the whole text goes
 * through the redactor once more, so a secret that reached a message some other way is still caught.
 */
export function writeReports(
  dir: string,
  report: Report,
  redactor: Redactor,
): { json: string; junit: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const junit = join(dir, 'junit.xml');
  writeFileSync(json, `${redactor.text(JSON.stringify(report, null, 2))}\n`);
  writeFileSync(junit, redactor.text(renderJunit(report)));
  return { json, junit };
}
