/** A report.json of an earlier run, read back for compare and baseline: a file or the folder that holds one. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readSchemaFile } from '../catalogue/json-file.js';
import type { Report } from '../report/model.js';
import { BaselineError } from './baseline.js';

export function readReport(path: string): { file: string; report: Report } {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'report.json');
  } catch {
    throw new BaselineError(`expected a report.json (or the folder of one), but ${path} does not exist`);
  }
  const report = readSchemaFile<Report>(
    file,
    'report.schema.json',
    'a report.json',
    (message, cause) => new BaselineError(message, { cause }),
  );
  return { file, report };
}
