import { type ErrorCode, errorCodes } from '../catalogue/error-codes.js';
import type { Rejection } from './types.js';

/** A refusal with the service's message for the code, and an optional detail after it. */
export function reject(status: number, code: ErrorCode, detail?: string): Rejection {
  const message = detail ? `${errorCodes[code]} ${detail}` : errorCodes[code];
  return { rejected: true, status, code, message };
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
}
