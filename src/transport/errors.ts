/** Errors of the transport: our side could not complete an exchange. A run reports them as `error`, never `fail`. */
export type TransportErrorCode =
  | 'KMSCT_ERR_TIMEOUT'
  | 'KMSCT_ERR_UNREACHABLE'
  | 'KMSCT_ERR_RESPONSE_TOO_LARGE'
  | 'KMSCT_ERR_CONNECTION'
  | 'KMSCT_ERR_CONFIG';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}
