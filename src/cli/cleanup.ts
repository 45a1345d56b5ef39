import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KmsctError } from '../errors.js';
import { sweep } from '../run/sweep.js';
import { type Auth, KmsClient } from '../transport/client.js';
import { Redactor } from '../transport/redact.js';
import { mustBe, UsageError } from './errors.js';
import { runIdOf } from './options.js';
import { hex32, integer, nonEmpty, pair, readableFile } from './values.js';

export const cleanupHelp = `Usage: kms-conformance cleanup --target URL --project-id P (--token T | --ak A --sk S)
                              (--run-id kmsct-... | --older-than DURATION) [--dry-run] [--insecure] [--ca-file F]

Finds the keys of runs that could not clean up after themselves (SIGKILL, the out-of-memory killer, a lost CI
runner) and schedules them for deletion after 7 days, the shortest the API allows:
  --run-id ID          every key whose alias starts with the run's id (kms-conformance run --run-id ID, or the
                       id a run printed), and the keys its state folder recorded if it survives on this machine
  --older-than D       every key of any kms-conformance run (alias kmsct-...) created longer ago than D:
                       90s, 30m, 2h, 1d
  --dry-run            list them; schedule nothing
Keys already pending deletion are left as they are. Credentials as for run (--token, or --ak and --sk; or
KMSCT_TOKEN, KMSCT_AK, KMSCT_SK). Exit 0 when every key found is scheduled (or listed, with --dry-run), 1 when
some could not be, 2 on a usage error or when the target refuses the credentials.`;

/** 90s, 30m, 2h, 1d (or a number of seconds) in milliseconds. */
export function durationOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(s|m|h|d)?$/.exec(value);
  if (!m) throw mustBe('--older-than', 'a duration such as 90s, 30m, 2h or 1d', value);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit * 1000;
}

/** `kms-conformance cleanup`: the sweeper for runs that could not clean up. */
export async function cleanup(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const env = process.env;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string', default: env.KMSCT_TARGET },
      'project-id': { type: 'string', default: env.KMSCT_PROJECT_ID },
      token: { type: 'string', default: env.KMSCT_TOKEN },
      ak: { type: 'string', default: env.KMSCT_AK },
      sk: { type: 'string', default: env.KMSCT_SK },
      'run-id': { type: 'string' },
      'older-than': { type: 'string' },
      'dry-run': { type: 'boolean' },
      insecure: { type: 'boolean' },
      'ca-file': { type: 'string' },
      'timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out.write(`${cleanupHelp}\n`);
    return 0;
  }
  const target = nonEmpty('--target', values.target);
  if (target === undefined) throw new UsageError('--target is required (or KMSCT_TARGET)');
  try {
    new URL(target);
  } catch {
    throw mustBe('--target', 'an http(s) URL', target);
  }
  const projectId = hex32('--project-id', values['project-id']);
  if (projectId === undefined) throw new UsageError('--project-id is required (or KMSCT_PROJECT_ID)');
  pair(['--ak', values.ak], ['--sk', values.sk]);
  const token = nonEmpty('--token', values.token);
  if (token === undefined && values.ak === undefined)
    throw new UsageError('credentials are required: --token, or --ak and --sk');
  const runId = runIdOf(values['run-id']);
  const olderThanMs = durationOf(values['older-than']);
  if ((runId === undefined) === (olderThanMs === undefined))
    throw new UsageError("give one of --run-id and --older-than: which run's keys, or keys of runs how old");
  const caFile = readableFile('--ca-file', values['ca-file']);
  const auth: Auth =
    token !== undefined
      ? { kind: 'token', token }
      : { kind: 'aksk', ak: values.ak ?? '', sk: values.sk ?? '' };
  const redactor = new Redactor([token, values.sk]);
  const client = new KmsClient({
    baseUrl: target,
    projectId,
    auth,
    insecure: values.insecure === true,
    timeoutMs: integer('--timeout-ms', values['timeout-ms'], 100, 600_000) ?? 10_000,
    ...(caFile !== undefined && { ca: readFileSync(caFile, 'utf8') }),
  });
  try {
    const result = await sweep({
      client,
      target,
      projectId,
      dryRun: values['dry-run'] === true,
      ...(runId !== undefined && { runId }),
      ...(olderThanMs !== undefined && { olderThanMs }),
    });
    const which = runId !== undefined ? `of run ${runId}` : `of runs older than ${values['older-than']}`;
    if (result.listed !== true) {
      const { status, text } = result.listed;
      if (status === 401 || status === 403)
        throw new KmsctError(
          'KMSCT_ERR_CREDENTIALS',
          `the target refused the credentials: list-keys answered ${status} ${redactor.text(text)}`,
        );
      out.write(`list-keys answered ${status}: only keys a surviving state folder recorded can be found\n`);
    }
    out.write(`${result.found.length} key(s) ${which}, not yet pending deletion\n`);
    for (const k of result.found) {
      const done = result.cleaned.find((c) => c.keyId === k.keyId);
      const outcome = values['dry-run'] ? 'would schedule' : (done?.outcome ?? 'not tried');
      out.write(
        `  ${outcome.padEnd(15)} ${k.keyId}  ${k.alias}  (${k.from}${done ? `; ${done.detail}` : ''})\n`,
      );
    }
    const failed = result.cleaned.filter((c) => c.outcome !== 'scheduled');
    if (!values['dry-run'])
      out.write(
        `scheduled for deletion: ${result.cleaned.length - failed.length} of ${result.found.length}\n`,
      );
    return failed.length > 0 ? 1 : 0;
  } finally {
    await client.close();
  }
}
