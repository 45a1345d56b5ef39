/**
 * AK/SK request signing as the official Huawei SDKs send it ("SDK-HMAC-SHA256"), for the client and the
 * reference server alike: one algorithm, so a bug cannot hide on one side. The steps follow the SDK core's
 * AKSKSigner (docs/spec/signing.md); the signer test checks the published test vector and the SDK.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const signingAlgorithm = 'SDK-HMAC-SHA256';
const emptyBodyHash = createHash('sha256').update('').digest('hex');

/** Percent-encodes like the SDK: unreserved A-Za-z0-9-_.~ kept, everything else %XX upper case. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Path segments encoded one by one, with the trailing "/" the SDK always appends. */
function canonicalUri(pathname: string): string {
  const segments = pathname.split('/').map((s) => encode(safeDecode(s)));
  const path = segments.join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function canonicalQuery(params: URLSearchParams): string {
  const keys = [...new Set(params.keys())].sort();
  return keys
    .flatMap((k) =>
      params
        .getAll(k)
        .sort()
        .map((v) => `${encode(k)}=${encode(v)}`),
    )
    .join('&');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CanonicalInput {
  readonly method: string;
  readonly url: URL;
  /** Header names in lower case, values exactly as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signedHeaders: readonly string[];
  readonly bodyHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const headerLines = input.signedHeaders.map((h) => `${h}:${input.headers[h] ?? ''}\n`).join('');
  return [
    input.method.toUpperCase(),
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    headerLines,
    input.signedHeaders.join(';'),
    input.bodyHash,
  ].join('\n');
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${signingAlgorithm}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signature(sk: string, toSign: string): string {
  return createHmac('sha256', sk).update(toSign).digest('hex');
}

/** `20240101T000000Z` for a Date. */
export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface SignOptions {
  readonly ak: string;
  readonly sk: string;
  readonly method: string;
  readonly url: URL;
  /** Headers to send and sign (any case); host and X-Sdk-Date are added. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly date?: Date;
}

/** Returns the headers to send: the given ones plus host, X-Sdk-Date and Authorization. */
export function signRequest(options: SignOptions): Record<string, string> {
  const date = sdkDate(options.date ?? new Date());
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers)) lower[k.toLowerCase()] = v;
  lower.host ??= options.url.host;
  lower['x-sdk-date'] = date;
  const signedHeaders = Object.keys(lower).sort();
  const bodyHash = options.body === '' ? emptyBodyHash : sha256Hex(options.body);
  const canonical = canonicalRequest({
    method: options.method,
    url: options.url,
    headers: lower,
    signedHeaders,
    bodyHash,
  });
  const sig = signature(options.sk, stringToSign(date, canonical));
  return {
    ...options.headers,
    host: lower.host,
    'X-Sdk-Date': date,
    Authorization: `${signingAlgorithm} Access=${options.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`,
  };
}

export interface ParsedAuthorization {
  readonly ak: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$/.exec(
    value,
  );
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { ak: m[1], signedHeaders: m[2].split(';'), signature: m[3] };
}

export type VerifyFailure = 'malformed' | 'unsigned-host' | 'bad-date' | 'stale-date' | 'bad-signature';

export interface VerifyOptions {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly secretFor: (ak: string) => string | undefined;
  readonly now: Date;
  readonly maxSkewMs: number;
}

const unknownAkSecret = randomBytes(32).toString('hex');

/** Server side: checks an SDK-HMAC-SHA256 request; the body hash is always of the bytes received. */
export function verifySignedRequest(
  options: VerifyOptions,
): { ok: true; ak: string } | { ok: false; reason: VerifyFailure } {
  const parsed = parseAuthorization(options.headers.authorization ?? '');
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (!parsed.signedHeaders.includes('host') || !parsed.signedHeaders.includes('x-sdk-date')) {
    return { ok: false, reason: 'unsigned-host' };
  }
  const dateHeader = options.headers['x-sdk-date'] ?? '';
  const date = parseSdkDate(dateHeader);
  if (!date) return { ok: false, reason: 'bad-date' };
  if (Math.abs(options.now.getTime() - date.getTime()) > options.maxSkewMs)
    return { ok: false, reason: 'stale-date' };
  const bodyHash = options.body.length === 0 ? emptyBodyHash : sha256Hex(options.body);
  const canonical = canonicalRequest({
    method: options.method,
    url: options.url,
    headers: options.headers,
    signedHeaders: parsed.signedHeaders,
    bodyHash,
  });
  // An unknown AK is checked against a secret no one has, in the same time: the answer, and how long it
  // takes, must not tell whether the AK exists.
  const sk = options.secretFor(parsed.ak);
  const expected = Buffer.from(signature(sk ?? unknownAkSecret, stringToSign(dateHeader, canonical)), 'hex');
  const given = Buffer.from(parsed.signature, 'hex');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  if (!matches || sk === undefined) return { ok: false, reason: 'bad-signature' };
  return { ok: true, ak: parsed.ak };
}
