import type { Capability } from '../config/run-context.js';
import type { CleanedKey } from '../config/state.js';
import type { Edition, Family, Level } from '../spec/types.js';

export type Status = 'pass' | 'fail' | 'skip' | 'error';
export type Verdict = 'conformant' | 'non-conformant' | 'error';

/** One vitest test as the collector saw it. */
export interface TestOutcome {
  readonly requirementId: string;
  readonly name: string;
  readonly file: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  readonly messages: readonly string[];
  readonly note?: string;
  readonly observation?: string;
  readonly evidence: readonly Evidence[];
  readonly durationMs: number;
}

export interface Evidence {
  readonly request: unknown;
  readonly response: unknown;
  readonly curl: string;
}

export interface Failure {
  readonly test: string;
  readonly message: string;
  readonly request?: unknown;
  readonly response?: unknown;
  readonly curl?: string;
}

export interface RequirementResult {
  readonly id: string;
  readonly level: Level;
  readonly family: Family;
  readonly title: string;
  readonly status: Status;
  readonly reason?: string;
  readonly observations: readonly string[];
  readonly tests: number;
  /** Time its tests took, summed. */
  readonly durationMs: number;
  readonly failures: readonly Failure[];
}

export type Counts = Record<Level, Record<Status, number>>;

export interface Report {
  readonly tool: { readonly name: 'kms-conformance'; readonly version: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly target: {
    readonly url: string;
    readonly projectId: string;
    readonly embedded: boolean;
    readonly auth: 'token' | 'aksk' | 'none';
    readonly signingChecks: boolean;
  };
  readonly edition: Edition;
  readonly seed: number;
  readonly numRuns: number;
  readonly runId: string;
  readonly strict: boolean;
  readonly summary: {
    readonly verdict: Verdict;
    readonly counts: Counts;
    readonly warnings: number;
    readonly errors: readonly string[];
  };
  readonly requirements: readonly RequirementResult[];
  readonly capabilities: Readonly<Record<string, Capability>>;
  readonly keys: {
    readonly created: readonly { readonly keyId: string; readonly alias: string }[];
    readonly cleaned: readonly CleanedKey[];
  };
  readonly requests: { readonly sent: number; readonly retries: number };
}
