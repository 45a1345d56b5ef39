/**
 * A finding: one result of one requirement on one case, as data. Everything downstream keys on it: the
 * report's statuses and failures, recordings and diffs of targets, baselines of known deviations. The
 * fingerprint is stable from run to run: it is made of the requirement, the case (a name that holds no value
 * of the run: no alias, key id or seed) and what differed.
 */
import { createHash } from 'node:crypto';
import type { ErrorCode } from '../errors.js';
import type { Evidence } from '../transport/evidence.js';
import type { SkipKind } from './skips.js';

export type Status = 'pass' | 'fail' | 'skip' | 'error';

export interface Finding {
  readonly requirement: string;
  /** The case within the requirement: a derived case's key, a planned value's label, a rule's subject. */
  readonly case: string;
  /** What differed from what the spec says (`status`, `envelope`, `key_spec`...); absent when nothing did. */
  readonly aspect?: string;
  /** sha256 of requirement, case and aspect, 16 hex digits. */
  readonly fingerprint: string;
  readonly status: Status;
  /** fail: "Received … ; expected …"; skip: the reason; error: our error's message; pass: what held. */
  readonly message: string;
  readonly skipKind?: SkipKind;
  /** status error: the code of our error. */
  readonly code?: ErrorCode;
  /** An open reading (§7): what the target chose. */
  readonly observation?: string;
  readonly evidence: readonly Evidence[];
  /** Where it was judged: a check's title, the key phase, the end of the run. */
  readonly where?: string;
  /** Judged on an answer another check asked for (the rules every answer keeps). */
  readonly alwaysOn?: boolean;
  /** The same finding met again (another answer, another check), counted rather than repeated. */
  readonly repeats?: number;
}

/** The case's fingerprint with what differed: the key of a finding in baselines and diffs. */
export function fingerprintOf(requirement: string, kase: string, aspect = ''): string {
  return createHash('sha256').update(`${requirement}\n${kase}\n${aspect}`).digest('hex').slice(0, 16);
}

export type Judged = Omit<Finding, 'requirement' | 'case' | 'fingerprint' | 'evidence'> & {
  readonly evidence?: readonly Evidence[];
};

/** A finding of `requirement` on `kase`, its fingerprint made. */
export function finding(requirement: string, kase: string, judged: Judged): Finding {
  return {
    requirement,
    case: kase,
    fingerprint: fingerprintOf(requirement, kase, judged.aspect),
    ...judged,
    evidence: judged.evidence ?? [],
  };
}

export const pass = (requirement: string, kase: string, message: string, extra: Partial<Judged> = {}) =>
  finding(requirement, kase, { ...extra, status: 'pass', message });

export const fail = (
  requirement: string,
  kase: string,
  aspect: string,
  message: string,
  evidence: readonly Evidence[],
  extra: Partial<Judged> = {},
) => finding(requirement, kase, { ...extra, status: 'fail', aspect, message, evidence });

export const skip = (requirement: string, kase: string, why: { kind: SkipKind; reason: string }) =>
  finding(requirement, kase, { status: 'skip', skipKind: why.kind, message: why.reason });

export const error = (
  requirement: string,
  kase: string,
  code: ErrorCode,
  message: string,
  evidence: readonly Evidence[] = [],
) => finding(requirement, kase, { status: 'error', code, message, evidence });
