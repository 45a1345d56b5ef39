import { type VerifyFailure, verifySignedRequest } from '../transport/signing.js';
import { reject } from './rejection.js';
import { type AppRequest, type ReferenceConfig, type Rejection, requestUrl } from './types.js';

// create-key.md §4 KMS.0301: "null or has illegal characters". Visible ASCII only.
const tokenPattern = /^[\x21-\x7e]+$/;

/**
 * X-Auth-Token per project, or AK/SK signing as the SDKs send it. Returns the project the caller may act
 * in, which must be the project of the URL (KMS.0321 otherwise).
 */
export function authenticate(
  config: ReferenceConfig,
  req: AppRequest,
  urlProjectId: string,
): Rejection | { projectId: string } {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('SDK-HMAC-SHA256') && config.ak !== undefined && config.sk !== undefined) {
    const { ak, sk } = config;
    const verdict = verifySignedRequest({
      method: req.method,
      url: requestUrl(req),
      headers: req.headers,
      body: req.body,
      secretFor: (given) => (same(given, ak) ? sk : undefined),
      now: req.now,
      maxSkewMs: config.maxClockSkewMs,
    });
    if (!verdict.ok) return reject(403, 'KMS.0302', `AK/SK signature refused: ${refusals[verdict.reason]}.`);
    const headerProject = req.headers['x-project-id'];
    const known = config.projects.some((p) => p.projectId === urlProjectId);
    if (!known || (headerProject !== undefined && headerProject !== urlProjectId))
      return reject(403, 'KMS.0321');
    return { projectId: urlProjectId };
  }
  const token = req.headers['x-auth-token'];
  if (token === undefined || !tokenPattern.test(token)) return reject(403, 'KMS.0301');
  // Every project's token is compared, in constant time: neither the answer nor its timing tells how close
  // a guess came.
  const project = config.projects.reduce<(typeof config.projects)[number] | undefined>(
    (found, p) => (same(token, p.token) ? p : found),
    undefined,
  );
  if (!project) return reject(403, 'KMS.0302');
  if (project.projectId !== urlProjectId) return reject(403, 'KMS.0321');
  return { projectId: project.projectId };
}

/**
 * Equality of what a client sent with a configured secret, in a time that depends only on the length of
 * what was sent: every code unit is compared, differences are OR-ed together, and the lengths' difference
 * too, so neither how much of a guess was right nor the secret's length shows in the timing. (Hashing both
 * sides for crypto.timingSafeEqual does the same at about twenty times the cost per request.)
 */
export function same(given: string, secret: string): boolean {
  let diff = given.length ^ secret.length;
  const n = secret.length || 1;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ (secret.charCodeAt(i % n) | 0);
  return diff === 0;
}

/** What a refused signature is told: nothing about whether the AK exists. */
const refusals: Record<VerifyFailure, string> = {
  malformed: 'the Authorization header is not an SDK-HMAC-SHA256 signature',
  'unsigned-host': 'the signature must cover host and x-sdk-date',
  'bad-date': 'X-Sdk-Date is missing or malformed',
  'stale-date': 'X-Sdk-Date is more than 15 minutes from the server clock',
  'bad-signature': 'the signature does not match',
};
