/**
 * Errors of the transport: our side could not complete an exchange, or the run's limits stopped it. A run
 * reports them as `error`, not `fail`: a throttled, silent or unreachable target is not judged. The one
 * exception is a check about answering at all (robustness), where a dropped connection is the answer.
 */
import { KmsctError } from '../errors.js';

export type TransportErrorCode =
  | 'KMSCT_ERR_TIMEOUT'
  | 'KMSCT_ERR_UNREACHABLE'
  | 'KMSCT_ERR_RESPONSE_TOO_LARGE'
  | 'KMSCT_ERR_CONNECTION'
  | 'KMSCT_ERR_TLS'
  | 'KMSCT_ERR_THROTTLED'
  | 'KMSCT_ERR_GATEWAY'
  | 'KMSCT_ERR_STOPPED'
  | 'KMSCT_ERR_CONFIG';

/** Codes that mean the target gave no answer at all. */
const silentCodes = new Set<TransportErrorCode>([
  'KMSCT_ERR_TIMEOUT',
  'KMSCT_ERR_CONNECTION',
  'KMSCT_ERR_UNREACHABLE',
]);

/** The request that got no answer, redacted: the evidence of a failed exchange. */
export interface UnansweredRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export class TransportError extends KmsctError {
  override name = 'TransportError';
  declare readonly code: TransportErrorCode;
  /** Set by the client when the error ends an exchange it recorded. */
  request?: UnansweredRequest;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** No answer came: counts toward the run's limit on a silent target. */
  get silent(): boolean {
    return silentCodes.has(this.code);
  }
}
