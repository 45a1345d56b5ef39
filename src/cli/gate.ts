/** `kms-conformance baseline create|prune` and `kms-conformance compare`: the release gate's files. */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  pruneBaseline,
  readBaseline,
  writeBaseline,
} from '../gate/baseline.js';
import { compareReports } from '../gate/compare.js';
import { readReport } from '../gate/read-report.js';
import { paintFor } from '../report/colour.js';
import { comparisonLines } from '../report/gate-text.js';
import { UsageError } from './errors.js';
import { nonEmpty } from './values.js';

export const baselineHelp = `Usage: kms-conformance baseline create REPORT --out FILE --reason TEXT [--ticket ID] [--expires YYYY-MM-DD]
       kms-conformance baseline prune BASELINE REPORT [--out FILE]

create: every failing case of REPORT (a report.json, or its folder) becomes an entry of FILE, keyed by its
fingerprint, with the reason (and ticket, expiry) given. When FILE exists, its entries are kept as they are
(reason, expiry, first_seen); those that failed again are seen again (last_seen); none is dropped.
prune: drops the entries REPORT shows fixed (their case ran and passed); entries whose case did not run are
kept. Writes BASELINE in place unless --out is given.
Use it with kms-conformance run --baseline FILE: known failures are reported and do not gate.`;

export const compareHelp = `Usage: kms-conformance compare OLD NEW [--json FILE]

Compares two runs (each a report.json, or its folder): failures that are new, failures fixed (their case ran
again and passed), requirements whose status changed, and the coverage by level. Exit 0 when NEW has no
regression, 1 when it has one (a new failure, or a requirement that passed and now fails or errs), 2 on error.`;

const day = /^\d{4}-\d{2}-\d{2}$/;

export function baseline(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      reason: { type: 'string' },
      ticket: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...operands] = positionals;
  if (values.help || action === undefined) {
    out.write(`${baselineHelp}\n`);
    return values.help ? 0 : 2;
  }
  if (action === 'create') {
    const [from] = operands;
    const file = nonEmpty('--out', values.out);
    const reason = nonEmpty('--reason', values.reason)?.trim();
    if (from === undefined || operands.length !== 1)
      throw new UsageError(`baseline create needs one REPORT, but received ${operands.length}`);
    if (file === undefined) throw new UsageError('baseline create needs --out FILE: where the baseline goes');
    if (reason === undefined || reason === '')
      throw new UsageError('baseline create needs --reason TEXT: why these failures are accepted');
    if (values.expires !== undefined && !day.test(values.expires))
      throw new UsageError(
        `--expires must be a day (YYYY-MM-DD), but received ${JSON.stringify(values.expires)}`,
      );
    const { report } = readReport(resolve(from));
    const previous = existsSync(file) ? readBaseline(file) : undefined;
    const made = createBaseline(
      report,
      {
        reason,
        ...(values.ticket !== undefined && { ticket: values.ticket }),
        ...(values.expires !== undefined && { expires: values.expires }),
      },
      previous,
    );
    writeBaseline(file, made);
    const added = made.entries.length - (previous?.entries.length ?? 0);
    out.write(
      `baseline ${resolve(file)}: ${made.entries.length} entr${made.entries.length === 1 ? 'y' : 'ies'} (${added} new)\n`,
    );
    return 0;
  }
  if (action === 'prune') {
    const [file, from] = operands;
    if (file === undefined || from === undefined || operands.length !== 2)
      throw new UsageError(
        `baseline prune needs BASELINE and REPORT, but received ${operands.length} operand(s)`,
      );
    const current = readBaseline(file);
    const { report } = readReport(resolve(from));
    const { baseline: kept, pruned } = pruneBaseline(current, applyBaseline(report, current, file));
    const target = nonEmpty('--out', values.out) ?? file;
    writeBaseline(target, kept);
    for (const e of pruned) out.write(`  pruned (fixed) ${e.requirement}  ${e.case}\n`);
    out.write(
      `baseline ${resolve(target)}: ${pruned.length} fixed entr${pruned.length === 1 ? 'y' : 'ies'} pruned, ${kept.entries.length} kept\n`,
    );
    return 0;
  }
  throw new UsageError(`baseline takes create or prune, but received ${JSON.stringify(action)}`);
}

export function compare(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(`${compareHelp}\n`);
    return 0;
  }
  const [a, b] = positionals;
  if (a === undefined || b === undefined || positionals.length !== 2)
    throw new UsageError(`compare needs OLD and NEW, but received ${positionals.length} operand(s)`);
  const old = readReport(resolve(a));
  const now = readReport(resolve(b));
  if (old.report.edition !== now.report.edition)
    throw new BaselineError(
      `compare needs two runs of one edition, but received ${old.report.edition} and ${now.report.edition}`,
    );
  const comparison = compareReports(old.report, now.report, old.file);
  const paint = paintFor(out as { isTTY?: boolean });
  out.write(`${comparisonLines(comparison, paint).join('\n')}\n`);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(comparison, null, 2)}\n`);
  out.write(comparison.regression ? '  a regression: exit 1\n' : '  no regression\n');
  return comparison.regression ? 1 : 0;
}
