import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Shard } from '../catalogue/shards.js';
import { editions, families } from '../catalogue/types.js';
import type { RunOptions } from '../config/run-options.js';
import { isLoopback } from '../transport/loopback.js';
import { mustBe, UsageError } from './errors.js';
import { hex32, integer, nonEmpty, oneOf, pair, readableFile } from './values.js';

/** Every setting: its flag, its environment variable, its config-file key. */
const settings = {
  target: { env: 'KMSCT_TARGET', help: 'base URL of the KMS endpoint; absent: the embedded reference' },
  'project-id': { env: 'KMSCT_PROJECT_ID', help: 'project ID in the URL (32 hex)' },
  token: { env: 'KMSCT_TOKEN', help: 'X-Auth-Token (secret: never written to a report)' },
  ak: { env: 'KMSCT_AK', help: 'access key for AK/SK signing' },
  sk: { env: 'KMSCT_SK', help: 'secret key for AK/SK signing (secret)' },
  edition: { env: 'KMSCT_EDITION', help: 'seed (default) or current' },
  seed: { env: 'KMSCT_SEED', help: 'seed of the random cases (printed and recorded; random when absent)' },
  'run-id': {
    env: 'KMSCT_RUN_ID',
    help: "the run's id, kmsct-<name> (a CI job's id): its keys' aliases start with it; random when absent",
  },
  strict: {
    env: 'KMSCT_STRICT',
    help: 'SHOULD failures fail the run (exit 1), unchecked SHOULDs leave it incomplete',
  },
  'allow-incomplete': {
    env: 'KMSCT_ALLOW_INCOMPLETE',
    help: 'exit 0 when the verdict is incomplete (a subset chosen on purpose)',
  },
  'dry-run': { env: 'KMSCT_DRY_RUN', help: 'print the key plan, requests and time at --rate; send nothing' },
  verbose: { env: 'KMSCT_VERBOSE', help: "vitest's own reporter instead of a line per family" },
  grep: {
    env: 'KMSCT_GREP',
    help: 'run only requirements whose id or title matches this regular expression',
  },
  shard: {
    env: 'KMSCT_SHARD',
    help: 'i/n: run only shard i of n (families split by size); combine the reports with kms-conformance merge',
  },
  'report-dir': { env: 'KMSCT_REPORT_DIR', help: 'where report.json and junit.xml go (default reports/)' },
  'backed-by': {
    env: 'KMSCT_BACKED_BY',
    help: 'a recording of another target (record --out): each requirement also says what that target did',
  },
  baseline: {
    env: 'KMSCT_BASELINE',
    help: 'a baseline of accepted failures (baseline create): known ones are reported and do not gate; new ones do',
  },
  compare: {
    env: 'KMSCT_COMPARE',
    help: "an earlier run's report.json (or its folder): the reports show new failures, fixes and changes",
  },
  record: {
    env: 'KMSCT_RECORD',
    help: 'also write a recording of the run to this file: every exchange, normalised, case by case (diff, serve --replay)',
  },
  rate: {
    env: 'KMSCT_RATE',
    help: 'requests per second (default 10 for non-loopback targets, unlimited on loopback)',
  },
  'max-keys': {
    env: 'KMSCT_MAX_KEYS',
    help: 'most keys the run may create (default 10 for non-loopback targets)',
  },
  'timeout-ms': { env: 'KMSCT_TIMEOUT_MS', help: 'per-request timeout (default 10000)' },
  'max-response-bytes': {
    env: 'KMSCT_MAX_RESPONSE_BYTES',
    help: 'cap on one response body (default 1048576)',
  },
  'ca-file': { env: 'KMSCT_CA_FILE', help: 'PEM file of extra certificate authorities' },
  insecure: { env: 'KMSCT_INSECURE', help: 'do not verify TLS certificates' },
  'num-runs': { env: 'KMSCT_NUM_RUNS', help: 'random cases per property (default 50)' },
  'max-run-seconds': {
    env: 'KMSCT_MAX_RUN_SECONDS',
    help: 'time limit of the whole run; past it nothing is sent and the verdict is incomplete (default 1800)',
  },
  'retry-budget-seconds': {
    env: 'KMSCT_RETRY_BUDGET_SECONDS',
    help: 'time the run may wait on Retry-After in all; a 429 past it is an error (default 120)',
  },
  'settle-ms': {
    env: 'KMSCT_SETTLE_MS',
    help: 'how long a new key may stay unreadable (404) or in state 1 before that fails (default 15000; 1000 on loopback)',
  },
  'max-silent': {
    env: 'KMSCT_MAX_SILENT',
    help: 'requests in a row without an answer before the run stops early (default 3)',
  },
  concurrency: {
    env: 'KMSCT_CONCURRENCY',
    help: 'parallel creates in the concurrency checks (default 32; 4 for non-loopback)',
  },
  profile: {
    env: 'KMSCT_PROFILE',
    help: 'cloud: the embedded reference behind a gateway as the real service is (throttling, keys that settle)',
  },
  fault: {
    env: 'KMSCT_FAULT',
    help: 'plant a named fault in the embedded reference (repeatable; comma-separated in env)',
  },
  config: { env: 'KMSCT_CONFIG', help: 'config file (default kms-conformance.config.json if present)' },
} as const;
type Setting = keyof typeof settings;
const booleans = new Set<Setting>(['strict', 'insecure', 'allow-incomplete', 'dry-run', 'verbose']);

export const runHelp = `Usage: kms-conformance run [options]

Checks a KMS endpoint against every requirement of the catalogue (kms-conformance list). Without
--target it starts the embedded reference server and checks that.

${(Object.entries(settings) as [Setting, { env: string; help: string }][])
  .map(([flag, s]) => `  --${flag.padEnd(22)}${s.help}\n  ${''.padEnd(24)}env ${s.env}`)
  .join('\n')}
  -h, --help                show this help

Precedence: flags > environment > config file > defaults. The config file is JSON with the flag names
as keys, e.g. {"target": "https://kms.cn-north-4.myhuaweicloud.com", "edition": "current"}.
Exit codes: 0 conformant (SHOULD failures are warnings), 1 non-conformant (a MUST failed, or a SHOULD
with --strict), 2 configuration error, unreachable target or internal error, 3 incomplete (a MUST did not
run to a conclusion: the key budget, --grep, a timeout; 0 with --allow-incomplete).`;

type Raw = Partial<Record<Setting, string | boolean | string[]>>;

function fromFlags(argv: readonly string[]): Raw | 'help' {
  const options = Object.fromEntries(
    (Object.keys(settings) as Setting[]).map((k) => [
      k,
      booleans.has(k)
        ? { type: 'boolean' }
        : k === 'fault'
          ? { type: 'string', multiple: true }
          : { type: 'string' },
    ]),
  ) as Record<Setting, { type: 'string' | 'boolean'; multiple?: boolean }>;
  const { values } = parseArgs({
    args: [...argv],
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  return values as Raw;
}

function fromEnv(env: NodeJS.ProcessEnv): Raw {
  const raw: Raw = {};
  for (const [key, s] of Object.entries(settings) as [Setting, { env: string }][]) {
    const value = env[s.env];
    if (value === undefined || value === '') continue;
    raw[key] = booleans.has(key)
      ? value === 'true' || value === '1'
      : key === 'fault'
        ? value.split(',')
        : value;
  }
  return raw;
}

function fromFile(path: string | undefined, explicit: boolean): Raw {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    if (explicit) throw mustBe('--config', 'a readable JSON file', path);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} must be JSON, but it does not parse: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw mustBe(path, 'a JSON object', parsed);
  const raw: Raw = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in settings) || key === 'config')
      throw new UsageError(
        `${path}: unknown setting ${JSON.stringify(key)}; expected one of ${Object.keys(settings).join(', ')}`,
      );
    raw[key as Setting] = typeof value === 'number' ? String(value) : (value as string | boolean | string[]);
  }
  return raw;
}

/**
 * Merges flags > environment > config file > defaults and validates the result; bad input throws UsageError.
 * `configFile: false` ignores a kms-conformance.config.json in the working directory (the library API).
 */
export function resolveRunOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  { configFile = true }: { configFile?: boolean } = {},
): RunOptions | 'help' {
  const flags = fromFlags(argv);
  if (flags === 'help') return 'help';
  const envRaw = fromEnv(env);
  const configPath = (flags.config ?? envRaw.config) as string | undefined;
  const file = fromFile(
    configPath ?? (configFile ? 'kms-conformance.config.json' : undefined),
    configPath !== undefined,
  );
  const raw: Raw = { ...file, ...envRaw, ...flags };
  const str = (k: Setting) => (raw[k] === undefined ? undefined : String(raw[k]));
  pair(['--ak', raw.ak], ['--sk', raw.sk]);
  const target = str('target');
  if (target !== undefined) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw mustBe('--target', 'an http(s) URL', target);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw mustBe('--target', 'an http(s) URL', target);
    if (raw['project-id'] === undefined)
      throw new UsageError('--project-id is required with --target (or KMSCT_PROJECT_ID)');
    if (raw.token === undefined && raw.ak === undefined)
      throw new UsageError('credentials are required with --target: --token, or --ak and --sk');
    if (raw.fault !== undefined)
      throw new UsageError(
        '--fault plants faults in the embedded reference; it cannot be used with --target',
      );
    if (raw.profile !== undefined)
      throw new UsageError(
        '--profile shapes the embedded reference; it cannot be used with --target (serve --profile cloud serves it)',
      );
  }
  const grep = str('grep');
  if (grep !== undefined) {
    try {
      new RegExp(grep);
    } catch {
      throw mustBe('--grep', 'a regular expression', grep);
    }
  }
  const record = nonEmpty('--record', str('record'));
  const backedBy = readableFile('--backed-by', str('backed-by'));
  const baseline = readableFile('--baseline', str('baseline'));
  const compare = nonEmpty('--compare', str('compare'));
  const caFile = readableFile('--ca-file', str('ca-file'));
  const shard = shardOf(str('shard'));
  const rate = integer('--rate', str('rate'), 0, 10_000);
  const maxKeys = integer('--max-keys', str('max-keys'), 0, 1_000_000);
  const seed = integer('--seed', str('seed'), 0, 2 ** 31 - 1);
  const runId = runIdOf(str('run-id'));
  const settleMs = integer('--settle-ms', str('settle-ms'), 0, 600_000);
  const profile = oneOf('--profile', str('profile'), ['cloud'] as const);
  const options: RunOptions = {
    edition: oneOf('--edition', str('edition'), editions) ?? 'seed',
    strict: raw.strict === true || raw.strict === 'true',
    allowIncomplete: raw['allow-incomplete'] === true || raw['allow-incomplete'] === 'true',
    dryRun: raw['dry-run'] === true || raw['dry-run'] === 'true',
    verbose: raw.verbose === true || raw.verbose === 'true',
    insecure: raw.insecure === true || raw.insecure === 'true',
    reportDir: nonEmpty('--report-dir', str('report-dir')) ?? 'reports',
    timeoutMs: integer('--timeout-ms', str('timeout-ms'), 100, 600_000) ?? 10_000,
    maxResponseBytes:
      integer('--max-response-bytes', str('max-response-bytes'), 1024, 1 << 30) ?? 1024 * 1024,
    numRuns: integer('--num-runs', str('num-runs'), 1, 100_000) ?? 50,
    maxRunSeconds: integer('--max-run-seconds', str('max-run-seconds'), 10, 7 * 86_400) ?? 1800,
    retryBudgetSeconds: integer('--retry-budget-seconds', str('retry-budget-seconds'), 0, 86_400) ?? 120,
    maxSilent: integer('--max-silent', str('max-silent'), 1, 1000) ?? 3,
    concurrency:
      integer('--concurrency', str('concurrency'), 2, 1000) ??
      (target === undefined || isLoopback(target) ? 32 : 4),
    faults: ([] as string[]).concat((raw.fault as string[] | string | undefined) ?? []),
    ...(target !== undefined && { target }),
    ...(shard !== undefined && { shard }),
    ...(hex32('--project-id', str('project-id')) !== undefined && { projectId: str('project-id') as string }),
    ...(nonEmpty('--token', str('token')) !== undefined && { token: str('token') as string }),
    ...(nonEmpty('--ak', str('ak')) !== undefined && { ak: str('ak') as string }),
    ...(nonEmpty('--sk', str('sk')) !== undefined && { sk: str('sk') as string }),
    ...(seed !== undefined && { seed }),
    ...(runId !== undefined && { runId }),
    ...(grep !== undefined && { grep }),
    ...(rate !== undefined && { rate }),
    ...(maxKeys !== undefined && { maxKeys }),
    ...(settleMs !== undefined && { settleMs }),
    ...(profile !== undefined && { profile }),
    ...(record !== undefined && { record }),
    ...(backedBy !== undefined && { backedBy }),
    ...(baseline !== undefined && { baseline }),
    ...(compare !== undefined && { compare }),
    ...(caFile !== undefined && { caFile }),
  };
  return options;
}

export type { RunOptions };
export { isLoopback };

/**
 * `--run-id kmsct-<name>`: letters, digits and hyphens, short enough that every alias of the run (which adds a
 * random part and a counter) stays far within the 255 characters of key_alias.
 */
export function runIdOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^kmsct-[a-z0-9][a-z0-9-]{0,40}$/.test(value))
    throw mustBe('--run-id', 'kmsct- and 1 to 41 lowercase letters, digits or hyphens', value);
  return value;
}

/** `--shard i/n`, 1 ≤ i ≤ n ≤ the number of families (a shard is at least one suite file). */
function shardOf(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count || count > families.length)
    throw mustBe('--shard', `i/n with 1 ≤ i ≤ n ≤ ${families.length} (one family at least per shard)`, value);
  return { index, count };
}
