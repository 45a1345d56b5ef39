import type { ErrorCode } from '../catalogue/error-codes.js';
import type { Edition } from '../catalogue/types.js';

/** A request as the app sees it: transport details already resolved by server.ts. */
export interface AppRequest {
  readonly method: string;
  /** The request target's path, dot segments resolved. */
  readonly path: string;
  /** The request target as received, and the scheme it came over: see requestUrl. */
  readonly target: string;
  readonly scheme: 'http' | 'https';
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly now: Date;
}

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Wait this long before answering (a variant that adds latency). */
  readonly delayMs?: number;
}

/** A refusal: the status, the KMS error code and its message. */
export interface Rejection {
  readonly rejected: true;
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly message: string;
}

export interface Credentials {
  readonly projectId: string;
  readonly token: string;
}

export interface ReferenceConfig {
  readonly edition: Edition;
  readonly domainId: string;
  readonly projects: readonly Credentials[];
  readonly ak?: string;
  readonly sk?: string;
  /** Custom keys per project (keys pending deletion count too); KMS.1105 beyond it. */
  readonly quota: number;
  readonly bodyLimit: number;
  /** AK/SK: X-Sdk-Date may be this far from the server clock. */
  readonly maxClockSkewMs: number;
  readonly seed?: number;
  readonly faults: readonly string[];
}

/**
 * The request target as a URL (the signature covers its query). Parsed only where it is needed: most
 * requests never read it. Data and a function, not a getter: a per-request accessor closure kept every
 * request's objects alive through a young-generation collection and tripled the server's GC time.
 */
export function requestUrl(req: AppRequest): URL {
  return new URL(req.target, `${req.scheme}://reference.invalid`);
}
