import { existsSync } from 'node:fs';
import { mustBe } from './errors.js';

/** Parsers for flag values; each throws a UsageError that names the flag, the expectation and the value. */
export function integer(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    return fail(flag, `an integer from ${min} to ${max}`, value);
  return n;
}

export function hex32(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^[0-9a-f]{32}$/.test(value) ? value : fail(flag, '32 lowercase hex characters', value);
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  return (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fail(flag, `one of ${allowed.join(', ')}`, value);
}

export function readableFile(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return existsSync(value) ? value : fail(flag, 'a readable file', value);
}

export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.length > 0 ? value : fail(flag, 'a non-empty string', value);
}

/** Both or neither: --ak with --sk, --tls-cert with --tls-key. */
export function pair(a: [string, unknown], b: [string, unknown]): void {
  if ((a[1] === undefined) !== (b[1] === undefined)) {
    const [given, missing] = a[1] === undefined ? [b[0], a[0]] : [a[0], b[0]];
    throw mustBe(missing, `given together with ${given}`, undefined);
  }
}

function fail(flag: string, what: string, value: string): never {
  throw mustBe(flag, what, value);
}
