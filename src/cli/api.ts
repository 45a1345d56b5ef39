/**
 * The library API behind `import { runConformance } from 'kms-conformance'`: the same run as the CLI's, with
 * options as an object and the report as the result. It reads no environment variable and no config file.
 */
import type { Report } from '../report/model.js';
import { resolveRunOptions } from './options.js';
import { runOnce } from './run-once.js';

export interface ConformanceOptions {
  /** Base URL of the KMS endpoint; absent: the embedded reference server. */
  readonly target?: string;
  readonly projectId?: string;
  readonly token?: string;
  readonly ak?: string;
  readonly sk?: string;
  readonly edition?: 'seed' | 'current';
  readonly seed?: number;
  readonly strict?: boolean;
  readonly allowIncomplete?: boolean;
  /** Run only the requirements whose id or title matches. */
  readonly grep?: string;
  /** Where report.json and junit.xml go; absent: no file is written. */
  readonly reportDir?: string;
  readonly rate?: number;
  readonly maxKeys?: number;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly caFile?: string;
  readonly insecure?: boolean;
  readonly numRuns?: number;
  readonly concurrency?: number;
  readonly maxRunSeconds?: number;
  readonly retryBudgetSeconds?: number;
  readonly maxSilent?: number;
  /** How long a new key may take to show (describe 404, or state 1) before that fails. */
  readonly settleMs?: number;
  /** `cloud`: the embedded reference behind a gateway, throttled, with keys that settle, as the real service is. */
  readonly profile?: 'cloud';
  /** Faults planted in the embedded reference (see `kms-conformance faults`). */
  readonly faults?: readonly string[];
  /** The run's id, `kmsct-<name>`: every alias of its keys starts with it (`kms-conformance cleanup --run-id`). */
  readonly runId?: string;
  /**
   * Aborting stops the run as SIGINT does on the command line: no new check starts, the keys it made are
   * scheduled for deletion, and the promise resolves with a report that says `interrupted`.
   */
  readonly signal?: AbortSignal;
}

export interface ConformanceResult {
  readonly verdict: Report['summary']['verdict'];
  /** What the CLI would exit with: 0 conformant, 1 non-conformant, 2 error, 3 incomplete. */
  readonly exitCode: number;
  readonly report: Report;
}

const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Runs the suite against a target (or the embedded reference) and returns the report. Bad options throw an
 * error with a stable code (KMSCT_ERR_USAGE and the like), as the CLI's flags do; a target that cannot be
 * checked at all throws its start-up error (KMSCT_ERR_TARGET_UNREACHABLE, KMSCT_ERR_CREDENTIALS...).
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'reportDir' || key === 'signal') continue;
    if (key === 'faults') for (const f of value as string[]) argv.push('--fault', f);
    else if (typeof value === 'boolean') {
      if (value) argv.push(flagOf(key));
    } else argv.push(flagOf(key), String(value));
  }
  if (options.reportDir !== undefined) argv.push('--report-dir', options.reportDir);
  const resolved = resolveRunOptions(argv, {}, { configFile: false });
  if (resolved === 'help') throw new Error('unreachable: no --help among the options');
  const { exitCode, report } = await runOnce(resolved, process.stdout, {
    quiet: true,
    write: options.reportDir !== undefined,
    ...(options.signal && { signal: options.signal }),
  });
  return { verdict: report.summary.verdict, exitCode, report };
}
