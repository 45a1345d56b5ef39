import type { Shard } from '../catalogue/shards.js';
import type { Edition } from '../catalogue/types.js';

/** A run's settings after flags, environment, config file and defaults have been merged. */
export interface RunOptions {
  readonly target?: string;
  readonly projectId?: string;
  readonly token?: string;
  readonly ak?: string;
  readonly sk?: string;
  readonly edition: Edition;
  /** The run's id, `kmsct-` and a name of the user's (a CI job's id): `cleanup --run-id` finds its keys by it. */
  readonly runId?: string;
  readonly seed?: number;
  readonly strict: boolean;
  /** An incomplete verdict exits 0 (a subset chosen on purpose). */
  readonly allowIncomplete: boolean;
  /** Print the plan and a rehearsal's request count; send nothing to the target. */
  readonly dryRun: boolean;
  /** vitest's own reporter (every test, every failure with its stack) instead of a line per family. */
  readonly verbose?: boolean;
  readonly grep?: string;
  /** One job of a sharded run: only the families of this shard run (`kms-conformance merge` combines). */
  readonly shard?: Shard;
  readonly reportDir: string;
  readonly rate?: number;
  readonly maxKeys?: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly numRuns: number;
  readonly concurrency: number;
  /** The whole run's time limit; past it no request is sent and the run ends incomplete. */
  readonly maxRunSeconds: number;
  /** Time the run may spend waiting on Retry-After, in all. */
  readonly retryBudgetSeconds: number;
  /** How long a new key may stay unreadable (404) or in a transient state; by target when absent. */
  readonly settleMs?: number;
  /** `cloud`: the embedded reference behind a gateway, as the real service is (no --target only). */
  readonly profile?: 'cloud';
  /** Requests in a row without an answer before the run stops early. */
  readonly maxSilent: number;
  /** Faults planted in the embedded reference (no --target only). */
  readonly faults: readonly string[];
  /** A recording of another target: each requirement of the report says what it did. */
  readonly backedBy?: string;
  /** A baseline of accepted failures (src/gate/baseline.ts): known ones do not gate. */
  readonly baseline?: string;
  /** An earlier run's report.json: the report compares with it (src/gate/compare.ts). */
  readonly compare?: string;
  /** Write a recording of the run here (src/record/): every exchange, normalised, case by case. */
  readonly record?: string;
  /** No notices on stderr while it runs (a long wait on a 429): the gallery's runs, whose output is a verdict each. */
  readonly quiet?: boolean;
  /** The embedded reference is served in process, not on a socket (the gallery's plants that are not about the wire). */
  readonly inProcess?: boolean;
}
