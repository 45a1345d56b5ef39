/** `kms-conformance merge DIR...`: the reports of a sharded run's jobs, combined into one with one verdict. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyBaseline, readBaseline } from '../gate/baseline.js';
import { compareReports } from '../gate/compare.js';
import { readReport as readEarlier } from '../gate/read-report.js';
import { exitCodeOf } from '../report/build.js';
import { paintFor } from '../report/colour.js';
import { MergeError, mergeReports } from '../report/merge.js';
import type { Report } from '../report/model.js';
import { renderSummary } from '../report/summary.js';
import { writeGithubOutputs, writeReports } from '../report/write.js';
import { Redactor } from '../transport/redact.js';
import { UsageError } from './errors.js';
import { nonEmpty } from './values.js';

export const mergeHelp = `Usage: kms-conformance merge DIR... [--report-dir reports] [--baseline FILE] [--compare REPORT]

Combines the report.json of each shard of a run (kms-conformance run --shard i/n --report-dir DIR) into one
report.json, junit.xml and report.html with one verdict. Each requirement takes the result of the shard that
checked it; a failure any shard saw stands; a missing shard leaves its requirements unchecked (incomplete).
--baseline and --compare work as for run: known failures do not gate; the report compares with an earlier one.
Exit codes: those of run (0 conformant, 1 non-conformant, 2 error, 3 incomplete).`;

function readReport(dir: string): Report {
  const file = join(dir, 'report.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new MergeError(`expected a readable ${file} (the --report-dir of a shard), received none`);
  }
  try {
    return JSON.parse(text) as Report;
  } catch (error) {
    throw new MergeError(`expected JSON in ${file}: ${(error as Error).message}`);
  }
}

export function merge(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'report-dir': { type: 'string' },
      baseline: { type: 'string' },
      compare: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${mergeHelp}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('merge needs the report folders of the shards: merge DIR...');
  const base = nonEmpty('--baseline', values.baseline);
  const old = values.compare !== undefined ? readEarlier(resolve(values.compare)) : undefined;
  const merged = mergeReports(positionals.map((d) => readReport(resolve(d))));
  const report = {
    ...merged,
    ...(base !== undefined && { baseline: applyBaseline(merged, readBaseline(base), base) }),
    ...(old && { comparison: compareReports(old.report, merged, old.file) }),
  };
  const dir = resolve(nonEmpty('--report-dir', values['report-dir']) ?? 'reports');
  out.write(renderSummary(report, paintFor(out as { isTTY?: boolean })));
  const written = writeReports(dir, report, new Redactor([]));
  out.write(
    `  merged ${report.merged?.length ?? 0} shard(s); reports: ${written.json}, ${written.junit}, ${written.html}, ${written.sarif}, ${written.coverage}\n`,
  );
  writeGithubOutputs(report, new Redactor([]), out);
  return exitCodeOf(report);
}
