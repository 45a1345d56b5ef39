/**
 * The errors of kms-conformance itself, in the manner of undici's: one base class, a stable `code` on every
 * instance, and callers that classify by the code, never by reading the message. The message says what was
 * expected and what was received; it starts with the code so that a person reading a log sees it too.
 *
 * An error of ours is never the target's failure: a check that ends in one is `error`, not `fail`.
 */
export const errorCodes = {
  // The run's configuration.
  KMSCT_ERR_USAGE: 'a flag, a value or a configuration file is not what it must be',
  KMSCT_ERR_CONFIG: 'a setting the transport cannot use',
  // The transport: an exchange that could not be completed, or the run's limits.
  KMSCT_ERR_TIMEOUT: 'no answer within --timeout-ms',
  KMSCT_ERR_UNREACHABLE: 'the target refuses connections or its name does not resolve',
  KMSCT_ERR_CONNECTION: 'the connection broke before the answer was complete',
  KMSCT_ERR_TLS: 'the TLS handshake failed',
  KMSCT_ERR_RESPONSE_TOO_LARGE: 'an answer over --max-response-bytes, on the wire or once inflated',
  KMSCT_ERR_THROTTLED: 'the target kept answering 429 past the retries the run may make',
  KMSCT_ERR_GATEWAY: 'the API gateway answered for a service that did not (a 5xx of the gateway)',
  KMSCT_ERR_STOPPED: "the run's limits stopped it: its deadline, a silent target, a signal",
  // Start-up: the target cannot be checked at all.
  KMSCT_ERR_TARGET_UNREACHABLE: 'the start-up request got no answer',
  KMSCT_ERR_CREDENTIALS: 'the target refused the credentials at start-up',
  KMSCT_ERR_NOT_KMS: 'the target does not answer create-key as a KMS does',
  // A check that could not reach a conclusion.
  KMSCT_ERR_NO_ANSWER: 'the request a check depends on got no answer',
  KMSCT_ERR_KEY_PHASE: 'the key phase could not serve the check (not sent, refused for another value)',
  KMSCT_ERR_ATTRIBUTION: 'a refused create could not be searched to the value the target refused',
  KMSCT_ERR_NOT_EVIDENCE: 'the target refused for a reason documented for another rule, twice',
  KMSCT_ERR_CHECK: 'an exception inside a check (a bug of ours, or of a dependency)',
  // The tool's own parts.
  KMSCT_ERR_CATALOGUE: 'the requirement catalogue is inconsistent',
  KMSCT_ERR_SCHEMA: 'a schema or a precompiled validator is missing or inconsistent',
  KMSCT_ERR_ENGINE: 'the test engine (vitest) failed',
  KMSCT_ERR_REPORT: 'a report could not be written or read',
  KMSCT_ERR_RECORDING: 'a recording that cannot be read, or two that cannot be compared',
  KMSCT_ERR_MERGE: 'shard reports that cannot be merged',
  KMSCT_ERR_BASELINE: 'a baseline or a report to compare that cannot be read or used',
  KMSCT_ERR_LISTEN: 'the reference server could not listen',
  KMSCT_ERR_UNKNOWN_FAULT: 'a fault name the reference does not know',
  KMSCT_ERR_PACT: 'a Pact file, broker or verification that cannot be used',
  KMSCT_ERR_BENCH: 'a benchmark could not be run as asked',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(errorCodes, value);

export class KmsctError extends Error {
  override name = 'KmsctError';
  readonly code: ErrorCode;
  /** The message without its code: for a message of another error that quotes this one. */
  readonly detail: string;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.detail = message;
  }
}

/**
 * The code of an error of ours, whatever copy of this module made it and even after it crossed a worker (a
 * serialised error keeps its own properties): undefined for anything else, which is a bug, not a verdict.
 */
export function errorCodeOf(error: unknown): ErrorCode | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return isErrorCode(code) ? code : undefined;
}
