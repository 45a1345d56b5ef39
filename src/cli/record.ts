/**
 * `kms-conformance record` (a run that writes its recording) and `kms-conformance diff A B` (two recordings, or
 * targets recorded on the fly, compared case by case): src/record/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyAllowances, readAllowances } from '../record/allowances.js';
import { diffRecordings } from '../record/diff.js';
import { RecordingError, readRecording } from '../record/file.js';
import type { Recording } from '../record/format.js';
import { countsOf, renderDiffHtml, renderDiffText } from '../report/diff-view.js';
import { UsageError } from './errors.js';
import { resolveRunOptions } from './options.js';
import { runOnce } from './run-once.js';
import { nonEmpty } from './values.js';

export const recordHelp = `Usage: kms-conformance record --out FILE [run options: --target URL --project-id P --token T | --ak A --sk S ...]

Runs the suite against the target (the embedded reference without --target) and writes a recording of every
exchange, case by case: key ids, dates, aliases, request ids and the run's other values as numbered
placeholders, credentials as a class, volatile headers dropped (schemas/recording.schema.json). Compare two
with \`kms-conformance diff\`, serve one with \`kms-conformance serve --replay\`. Reports are written only with
--report-dir. Exit 0 when the recording is written, whatever the verdict; 2 when the run could not be made.`;

export async function record(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${recordHelp}\n`);
    return 0;
  }
  const at = argv.indexOf('--out');
  const file = at >= 0 ? nonEmpty('--out', argv[at + 1]) : undefined;
  if (file === undefined) throw new UsageError('--out FILE is required: where the recording goes');
  const rest = argv.filter((_, i) => i !== at && i !== at + 1);
  const options = resolveRunOptions([...rest, '--record', file], process.env);
  if (options === 'help') return 0;
  const write = rest.includes('--report-dir');
  const { report } = await runOnce(options, out, { quiet: false, write });
  if (!existsSync(resolve(file))) return 2;
  out.write(`recorded ${report.summary.verdict} target to ${resolve(file)}\n`);
  return 0;
}

export const diffHelp = `Usage: kms-conformance diff A B [--allow FILE] [--out DIR] [credentials for targets]

Compares what two targets do, case by case: A and B are each a recording (a file of \`record\` or
\`run --record\`), a target URL (recorded now, with --project-id and --token or --ak/--sk; B takes --b-project-id,
--b-token, --b-ak, --b-sk when they differ), \`reference\` (the embedded reference) or \`reference+FAULT,...\`
(it with planted faults). A target is recorded with the seed and edition of a recording on the other side.
Each difference is a deviation (one side breaks a rule the other keeps), a reading (both conformant, another
side of what §7 leaves open) or a detail. --allow FILE accepts differences by requirement, case pattern or path,
each with a reason: {"allowances": [{"requirement": "CK-ALIAS-DUPLICATE", "reason": "..."}]}.
Prints a table; writes diff.json and diff.html to --out (default reports/).
Exit 0 when A and B answer alike up to the allowances, 1 when they differ, 2 on an error.`;

export async function diff(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      allow: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      edition: { type: 'string' },
      'project-id': { type: 'string' },
      token: { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      'b-project-id': { type: 'string' },
      'b-token': { type: 'string' },
      'b-ak': { type: 'string' },
      'b-sk': { type: 'string' },
      insecure: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${diffHelp}\n`);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(
      `diff compares two: expected A and B, but received ${positionals.length} operand(s)`,
    );
  const [a = '', b = ''] = positionals;
  const allowances = values.allow !== undefined ? readAllowances(values.allow) : [];
  const credentials = (side: 'a' | 'b') => {
    const pick = (name: 'project-id' | 'token' | 'ak' | 'sk') =>
      (side === 'b' ? values[`b-${name}`] : undefined) ?? values[name];
    return (['project-id', 'token', 'ak', 'sk'] as const).flatMap((n) => {
      const v = pick(n);
      return v === undefined ? [] : [`--${n}`, v];
    });
  };
  const files = [a, b].map((x) => (isTarget(x) ? undefined : readRecording(x)));
  const given = files.find((f) => f !== undefined);
  const settings = [
    ...(values.seed !== undefined ? ['--seed', values.seed] : given ? ['--seed', String(given.seed)] : []),
    ...(values.edition !== undefined
      ? ['--edition', values.edition]
      : given
        ? ['--edition', given.edition]
        : []),
    ...(values.insecure ? ['--insecure'] : []),
  ];
  // Targets are recorded one after the other, the second with the first's seed when neither side is a file.
  const recordings: Recording[] = [];
  for (const [i, operand] of [a, b].entries()) {
    const file = files[i];
    if (file !== undefined) {
      recordings.push(file);
      continue;
    }
    const seed =
      settings.includes('--seed') || recordings[0] === undefined
        ? []
        : ['--seed', String(recordings[0].seed)];
    recordings.push(
      await recordTarget(operand, [...settings, ...seed, ...credentials(i === 0 ? 'a' : 'b')], out),
    );
  }
  const [ra, rb] = recordings as [Recording, Recording];
  if (ra.catalogue !== rb.catalogue)
    out.write(
      'note: the recordings come from different catalogues; requirements that changed compare poorly\n',
    );
  if (ra.seed !== rb.seed)
    out.write(
      `note: seeds differ (${ra.seed}, ${rb.seed}): random cases are not the same cases; derived ones are\n`,
    );
  const result = diffRecordings(ra, rb);
  const allowed = { ...result, differences: applyAllowances(result.differences, allowances) };
  out.write(renderDiffText(allowed));
  const dir = resolve(values.out ?? 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'diff.json'), `${JSON.stringify(allowed, null, 2)}\n`);
  writeFileSync(join(dir, 'diff.html'), renderDiffHtml(allowed));
  out.write(`  ${join(dir, 'diff.json')}, ${join(dir, 'diff.html')}\n`);
  return countsOf(allowed).open === 0 ? 0 : 1;
}

const isTarget = (operand: string) => /^https?:\/\//.test(operand) || /^reference(\+|$)/.test(operand);

/** A target recorded now: a URL, `reference`, or `reference+FAULT,...`. */
async function recordTarget(
  operand: string,
  settings: readonly string[],
  out: NodeJS.WritableStream,
): Promise<Recording> {
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-diff-'));
  const file = join(dir, 'recording.json');
  try {
    const target = operand.startsWith('reference')
      ? operand
          .slice('reference+'.length)
          .split(',')
          .filter((f) => f !== '')
          .flatMap((f) => ['--fault', f])
      : ['--target', operand];
    const options = resolveRunOptions([...target, ...settings, '--record', file], process.env);
    if (options === 'help') throw new UsageError('unreachable: no --help among the options');
    out.write(`recording ${operand}...\n`);
    await runOnce(options, out, { quiet: true, write: false });
    if (!existsSync(file))
      throw new RecordingError(`${operand} could not be recorded: the run could not be made`);
    return readRecording(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
