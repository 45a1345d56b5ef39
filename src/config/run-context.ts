import type { Edition } from '../catalogue/types.js';
import type { KeyPhaseFacts } from '../judge/facts.js';
import type { Auth } from '../transport/client.js';

/** What the probes found out about an optional operation of the target. */
export interface Capability {
  readonly supported: boolean;
  /** Why, in words a user can act on: the status and code the probe received. */
  readonly reason: string;
}

/**
 * Everything a conformance run's suites need, resolved once by the CLI (or the global setup of a plain
 * `vitest run`) and handed to every worker through vitest's `provide`. Holds secrets: never written out.
 */
export interface RunContext {
  /** The run's id (`--run-id`, or made up): `kms-conformance cleanup --run-id` finds its keys by it. */
  readonly runId: string;
  /** What every alias of this run starts with: the run id and a random part, unique to this process's run. */
  readonly aliasPrefix: string;
  readonly target: {
    readonly url: string;
    readonly projectId: string;
    readonly embedded: boolean;
    readonly loopback: boolean;
    readonly ca?: string;
    readonly insecure: boolean;
  };
  /** Primary credentials: every check uses them. */
  readonly auth: Auth;
  /** AK/SK as well, when known: enables the signature checks. */
  readonly aksk?: { readonly ak: string; readonly sk: string };
  readonly edition: Edition;
  readonly seed: number;
  /** Random cases per property in the fuzz phase. */
  readonly numRuns: number;
  readonly limits: {
    readonly timeoutMs: number;
    readonly maxResponseBytes: number;
    /** Requests per second per worker; 0 = no pacing. */
    readonly rate: number;
    /** Most keys the run may create; 0 = no cap. */
    readonly maxKeys: number;
    /** Parallel creates in the concurrency checks. */
    readonly concurrency: number;
    /** Epoch milliseconds past which no request is sent. */
    readonly deadline: number;
    readonly retryBudgetMs: number;
    readonly maxSilent: number;
    /** A new key may stay unreadable (404) or in state 1 this long: reads after a create poll within it. */
    readonly settleMs: number;
  };
  readonly capabilities: {
    readonly describeKey: Capability;
    readonly listKeys: Capability;
  };
  /** Every exchange is captured for a recording (RunOptions.record). */
  readonly record?: boolean;
  /** Notices of long waits are not printed (see RunOptions.quiet). */
  readonly quiet?: boolean;
  /** A private folder where workers record created keys, findings and request counts. */
  readonly stateDir: string;
  /** What the key phase made and saw, for the checks that need a key. */
  readonly keys: KeyPhaseFacts;
  /**
   * A plain `vitest run` with no report behind it: a check then also fails on a rule it saw broken on
   * another requirement's behalf (the rules every answer keeps), so that the run fails.
   */
  readonly standalone?: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The runs the suites judge, by label: one for `run`, several for the gallery's batch of plants. */
    kmsct: Readonly<Record<string, RunContext>>;
  }
}
