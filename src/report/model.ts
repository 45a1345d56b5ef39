import type { Edition, Family, Level } from '../catalogue/types.js';
import type { Capability } from '../config/run-context.js';
import type { CleanedKey } from '../config/state.js';
import type { Status } from '../findings/finding.js';
import type { SkipKind } from '../findings/skips.js';

export type { Status };
/**
 * conformant: every MUST ran and passed (or was skipped for an operation the spec lets a target lack);
 * non-conformant: a MUST failed (or a SHOULD, with --strict); incomplete: a MUST did not run to a
 * conclusion (budget, --grep, a shard, a timeout, our own error); error: the run itself could not be made.
 */
export type Verdict = 'conformant' | 'non-conformant' | 'incomplete' | 'error';

export interface Failure {
  /** Where it was judged: the check's title, the key phase, the end of the run. */
  readonly test: string;
  /** The case and what differed: with the requirement, what the fingerprint is made of. */
  readonly case: string;
  readonly aspect?: string;
  /** Stable from run to run: the key of baselines and diffs. */
  readonly fingerprint: string;
  readonly message: string;
  readonly request?: unknown;
  readonly response?: unknown;
  readonly curl?: string;
  /** The id the target gave the answer shown: what a support ticket to the provider needs. */
  readonly requestId?: string;
  /**
   * The API gateway in front of the service gave the answer shown, not the service: a deviation the team may
   * decide to accept (the gateway's code).
   */
  readonly gateway?: string;
  /** A read that waited for the key to settle: each attempt, then the one judged. */
  readonly timeline?: readonly {
    readonly afterMs: number;
    readonly status: number;
    readonly unsettled?: string;
  }[];
}

export interface RequirementResult {
  readonly id: string;
  readonly level: Level;
  readonly family: Family;
  readonly title: string;
  readonly status: Status;
  readonly reason?: string;
  /** Why a skip: an operation the target lacks (the verdict stays whole), the budget, a selection, other. */
  readonly skipKind?: SkipKind;
  readonly observations: readonly string[];
  /** Findings it has: one per case judged. */
  readonly tests: number;
  /** Time its checks took, summed. */
  readonly durationMs: number;
  /** Every case judged, with its fingerprint and status. */
  readonly cases: readonly { readonly case: string; readonly fingerprint: string; readonly status: Status }[];
  readonly failures: readonly Failure[];
  /** What a recording of another target (run --backed-by) observed of it: the expectation backed, or not. */
  readonly recorded?: { readonly target: string; readonly recordedOn: string; readonly status: Status };
}

export type Counts = Record<Level, Record<Status, number>>;

/** Requirements that ran to a conclusion (pass or fail) out of those of the edition, by level. */
export type Coverage = Record<Level, { readonly checked: number; readonly total: number }>;

/** What the key phase planned and did, for a person reading the report. */
export interface KeyPhaseSummary {
  readonly maxKeys: number;
  readonly planned: number;
  readonly created: number;
  readonly creates: readonly {
    readonly id: string;
    readonly role?: string;
    readonly attempt: boolean;
    readonly facets: readonly string[];
    readonly refused: readonly { readonly facet: string; readonly foundBy: string }[];
    readonly undetermined: readonly { readonly facet: string; readonly reason: string }[];
    readonly notSent?: string;
  }[];
  /** Items no create carried: depth the budget did not reach, or a requirement it left unchecked. */
  readonly unplanned: readonly {
    readonly requirement: string;
    readonly level: Level;
    readonly label: string;
    readonly reason: string;
  }[];
}

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
  /** The command line that reproduces the run; secrets appear as environment variables. */
  readonly command?: string;
  /** This report is one shard of a run (`--shard i/n`); `merged` lists the shards a merged report combines. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly merged?: readonly { readonly index: number; readonly count: number }[];
  readonly summary: {
    readonly verdict: Verdict;
    readonly counts: Counts;
    readonly coverage: Coverage;
    /** --allow-incomplete: an incomplete verdict exits 0. */
    readonly allowIncomplete: boolean;
    readonly warnings: number;
    readonly errors: readonly string[];
    /** A signal ended the run; what ran is reported, the verdict is at best incomplete. */
    readonly interrupted?: string;
    /** The run's limits stopped it early: its deadline, a target that stopped answering. */
    readonly stoppedEarly?: string;
  };
  readonly requirements: readonly RequirementResult[];
  readonly capabilities: Readonly<Record<string, Capability>>;
  readonly keys: {
    readonly created: readonly { readonly keyId: string; readonly alias: string }[];
    readonly cleaned: readonly CleanedKey[];
  };
  readonly requests: { readonly sent: number; readonly retries: number };
  readonly keyPhase?: KeyPhaseSummary;
  /** What the run exercised: per requirement, per schema keyword and value, statuses, codes, readings. */
  readonly coverage?: CoverageDetail;
  /** The run judged against a baseline of accepted deviations (run --baseline). */
  readonly baseline?: BaselineResult;
  /** The run compared with an earlier one (run --compare). */
  readonly comparison?: Comparison;
}

/** How a failing case stands against a baseline (src/gate/baseline.ts). */
export type BaselineStatus = 'known' | 'new' | 'expired' | 'unobserved' | 'fixed';

export interface BaselineItem {
  readonly status: BaselineStatus;
  readonly fingerprint: string;
  readonly requirement: string;
  readonly case: string;
  readonly level: Level;
  readonly message?: string;
  readonly reason?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

export interface BaselineResult {
  readonly file: string;
  /** The verdict with the known failures set aside: what gates (the exit code). */
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<BaselineStatus, number>>;
  readonly items: readonly BaselineItem[];
}

/** Two runs, requirement by requirement and failure by failure (src/gate/compare.ts). */
export interface Comparison {
  readonly old: { readonly file: string; readonly startedAt: string; readonly verdict: Verdict };
  readonly regression: boolean;
  readonly newFailures: readonly ComparedFailure[];
  readonly fixed: readonly ComparedFailure[];
  readonly changed: readonly {
    readonly id: string;
    readonly level: Level;
    readonly from: Status | 'absent';
    readonly to: Status | 'absent';
  }[];
  readonly coverage: Readonly<
    Record<Level, { readonly from: number; readonly to: number; readonly total: number }>
  >;
}

export interface ComparedFailure {
  readonly requirement: string;
  readonly level: Level;
  readonly case: string;
  readonly fingerprint: string;
}

/** What a run exercised: `valid` is what must be accepted, `invalid` what must be refused. */
export type Exercised = 'both' | 'valid only' | 'invalid only' | 'open only' | 'none';

export interface CoverageDetail {
  readonly edition: Edition;
  readonly requirements: readonly {
    readonly id: string;
    readonly level: Level;
    readonly status: Status;
    /** Its derived cases (of list --derived) and those judged (pass or fail). */
    readonly derived: { readonly total: number; readonly exercised: number };
    readonly partial: boolean;
  }[];
  /** One row per field and keyword, as list --derived counts them. */
  readonly keywords: readonly {
    readonly field: string;
    readonly keyword: string;
    readonly accept: CoverageCount;
    readonly refuse: CoverageCount;
    readonly either: CoverageCount;
    readonly exercised: Exercised;
  }[];
  /** Every derived value, and whether the run judged it. */
  readonly values: readonly {
    readonly key: string;
    readonly field: string;
    readonly keyword: string;
    readonly expect: 'accept' | 'refuse' | 'either';
    readonly exercised: boolean;
  }[];
  /** The key spec × usage × origin cells: what the target must accept, refuse, or may do either. */
  readonly cells: readonly {
    readonly key_spec: string;
    readonly key_usage: string;
    readonly origin: string;
    readonly expect: 'accept' | 'refuse' | 'either';
    readonly exercised: boolean;
  }[];
  /** Each status and error code the edition documents, and whether an answer of the run showed it. */
  readonly statuses: readonly { readonly status: number; readonly seen: number }[];
  readonly codes: readonly { readonly code: string; readonly seen: number }[];
  /** Each question §7 leaves open, and what the run observed of it. */
  readonly readings: readonly { readonly row: string; readonly observed: readonly string[] }[];
}

export interface CoverageCount {
  readonly total: number;
  readonly exercised: number;
}
