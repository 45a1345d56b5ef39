/** A bad flag, value or configuration: reported on stderr with exit code 2, never as a conformance failure. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'KMSCT_ERR_USAGE';
}

/** "<flag> must be <what>, but received <value>". */
export function mustBe(flag: string, what: string, received: unknown): UsageError {
  return new UsageError(`${flag} must be ${what}, but received ${JSON.stringify(received)}`);
}
