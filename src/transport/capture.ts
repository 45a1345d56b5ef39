/**
 * What a recording needs of each exchange, taken where the exchange happens. The case an exchange belongs to
 * travels with the code that sends it (AsyncLocalStorage: a check, a create of the key phase, the start-up
 * checks), so no call site passes it along; checks that run at once keep their own. The credentials a request
 * carried are reduced to a class (the run's token, another, an empty one, none, a valid or refused signature)
 * before anything is redacted: a recording keeps which credentials were sent, never what they were.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Auth } from './client.js';
import { type VerifyFailure, verifySignedRequest } from './signing.js';

/** The case an exchange belongs to: a requirement and one of its cases, or a phase of the run. */
export interface CaseTag {
  readonly requirement: string;
  readonly case: string;
}

const current = new AsyncLocalStorage<CaseTag>();

/** Runs `fn` with every exchange it makes (however deep, however concurrent) tagged with `tag`. */
export function withCase<T>(tag: CaseTag, fn: () => T): T {
  return current.run(tag, fn);
}

export const currentCase = (): CaseTag | undefined => current.getStore();

/**
 * Which credentials a request carried, as a recording and a replay both see it: `token` (the run's own),
 * `other-token`, `empty-token`, `none`, `aksk` (a signature that verifies), `aksk-<reason>` (one that does not),
 * and `+other-project` when the URL names a project the credentials are not for.
 */
export type AuthClass = string;

export interface Credentials {
  readonly token?: string;
  readonly ak?: string;
  readonly sk?: string;
  readonly projectId: string;
}

/** The class of a request's credentials; `headers` with lower-case names, as sent (before redaction). */
export function authClassOf(
  request: {
    readonly method: string;
    readonly url: URL;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  },
  own: Credentials,
  now = new Date(),
): AuthClass {
  const project = request.url.pathname.split('/')[2] ?? '';
  const where = project === own.projectId ? '' : '+other-project';
  const authorization = request.headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    const verdict = verifySignedRequest({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.from(request.body),
      secretFor: (ak) => (ak === own.ak ? own.sk : undefined),
      now,
      maxSkewMs: 15 * 60_000,
    });
    return `${verdict.ok ? 'aksk' : `aksk-${verdict.reason satisfies VerifyFailure}`}${where}`;
  }
  const token = request.headers['x-auth-token'];
  const kind =
    token === undefined
      ? 'none'
      : token === ''
        ? 'empty-token'
        : token === own.token
          ? 'token'
          : 'other-token';
  return `${kind}${where}`;
}

/** The credentials of a client's auth, for authClassOf. */
export function credentialsOf(auth: Auth, projectId: string, aksk?: { ak: string; sk: string }): Credentials {
  return {
    projectId,
    ...(auth.kind === 'token' && { token: auth.token }),
    ...(auth.kind === 'aksk' && { ak: auth.ak, sk: auth.sk }),
    ...(aksk && { ak: aksk.ak, sk: aksk.sk }),
  };
}

/** One exchange as a recording keeps it: redacted, its credentials a class, long bodies cut with their hash. */
export interface Captured {
  readonly tag?: CaseTag;
  /** When it was answered, on a clock of events of its process (sends and answers counted together). */
  readonly seq: number;
  /** When it was sent, on the same clock: an exchange answered before another was sent came before it. */
  readonly sentTick: number;
  readonly operation: string;
  readonly method: string;
  /** The URL's path, redacted. */
  readonly path: string;
  readonly auth: AuthClass;
  readonly request: CapturedBody;
  /** 0: no answer came (`error` says why). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly response: CapturedBody;
  readonly error?: string;
}

export interface CapturedBody {
  /** The body, or its first 4 KiB when it is longer than 64 KiB. */
  readonly text: string;
  /** A body cut: its length and sha256, what a match compares. */
  readonly bytes?: number;
  readonly sha256?: string;
}

const longBody = 64 * 1024;

export function capturedBody(text: string): CapturedBody {
  if (text.length <= longBody) return { text };
  return {
    text: text.slice(0, 4096),
    bytes: Buffer.byteLength(text),
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Where a client sends what it captures, and the run's own credentials to class requests by. */
export interface CaptureOptions {
  readonly own: Credentials;
  write(captured: Captured): void;
}
