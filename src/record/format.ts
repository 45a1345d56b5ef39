/**
 * A recording: what a target did in one run, case by case, normalised so that two targets, or one target on two
 * dates, can be compared and replayed (schemas/recording.schema.json describes it). Every value of the run (key
 * ids, domain ids, aliases, sequences, request ids, the project, the run id) is a placeholder that keeps
 * equality across the file (`<key-id:3>` is one key wherever it appears); dates are `<date>`; secrets are never
 * there (credentials are a class: `token`, `other-token`, `aksk`, ...); volatile headers are dropped.
 */
import type { Status } from '../findings/finding.js';

export const recordingFormat = 'kms-conformance-recording/1';

export interface Recording {
  readonly format: typeof recordingFormat;
  readonly tool: string;
  /** sha256 of the catalogue's ids and levels, 16 hex: two recordings of one catalogue compare case by case. */
  readonly catalogue: string;
  /** `embedded reference`, or the target's URL (redacted). */
  readonly target: string;
  readonly edition: 'seed' | 'current';
  readonly seed: number;
  /** The day it was recorded (UTC): two recordings of one seed on one day are byte-identical. */
  readonly recordedOn: string;
  readonly verdict: string;
  /** Each requirement's status in the run. */
  readonly requirements: Readonly<Record<string, Status>>;
  /** The reading the target took of each question §7 leaves open: what the run observed, sorted. */
  readonly readings: Readonly<Record<string, readonly string[]>>;
  readonly cases: readonly RecordedCase[];
}

export interface RecordedCase {
  /** A requirement id, or a phase of the run (`key-phase`, `start-up`). */
  readonly requirement: string;
  readonly case: string;
  /** fingerprintOf(requirement, case): stable from run to run. */
  readonly fingerprint: string;
  /** The requirement's status on this case (the worst of its findings); absent for phases. */
  readonly status?: Status;
  readonly exchanges: readonly RecordedExchange[];
}

export interface RecordedExchange {
  readonly operation: string;
  readonly method: string;
  /** The path, its project a placeholder. */
  readonly path: string;
  /** The class of the credentials sent (src/transport/capture.ts). */
  readonly auth: string;
  /** The body as JSON where it parses, else its text; a long body is `<sha256:…:bytes>`. */
  readonly request: unknown;
  /** 0: no answer came. */
  readonly status: number;
  /** The error code of an error answer (the KMS envelope's or the gateway's). */
  readonly code?: string;
  /** Which schema the answer's body matches (src/record/classes.ts). */
  readonly class: string;
  /** Content-Type and Retry-After; the rest is volatile. */
  readonly headers: Readonly<Record<string, string>>;
  readonly response: unknown;
  /** Why no answer came. */
  readonly error?: string;
}
