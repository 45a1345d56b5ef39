import { createHash, timingSafeEqual } from 'node:crypto';
import { type VerifyFailure, verifySignedRequest } from '../transport/signing.js';
import { reject } from './rejection.js';
import type { AppRequest, ReferenceConfig, Rejection } from './types.js';

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
      url: req.url,
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

/** Equality in constant time, whatever the lengths (both sides hashed first). */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** What a refused signature is told: nothing about whether the AK exists. */
const refusals: Record<VerifyFailure, string> = {
  malformed: 'the Authorization header is not an SDK-HMAC-SHA256 signature',
  'unsigned-host': 'the signature must cover host and x-sdk-date',
  'bad-date': 'X-Sdk-Date is missing or malformed',
  'stale-date': 'X-Sdk-Date is more than 15 minutes from the server clock',
  'bad-signature': 'the signature does not match',
};
