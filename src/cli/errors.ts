import { KmsctError } from '../errors.js';

/** A bad flag, value or configuration: reported on stderr with exit code 2, never as a conformance failure. */
export class UsageError extends KmsctError {
  override name = 'UsageError';
  constructor(message: string) {
    super('KMSCT_ERR_USAGE', message);
  }
}

/** "<flag> must be <what>, but received <value>". */
export function mustBe(flag: string, what: string, received: unknown): UsageError {
  return new UsageError(`${flag} must be ${what}, but received ${JSON.stringify(received)}`);
}
