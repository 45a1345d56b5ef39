/**
 * CK-REJECT-NO-SIDE-EFFECT: a refused create leaves no key. A key list-keys shows under an alias the target
 * refused counts only if it was made while the target handled the refused request (the answer's Date header
 * and the exchange's time give the window), and never under an alias the target called taken (KMS.1104: the
 * key was there before): a key the account already had, or a parallel shard's, is someone else's.
 */
import { type Finding, fail, pass, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import type { Evidence } from '../transport/evidence.js';
import type { ListedKey as KeyDetails } from '../transport/list-keys.js';
import type { KeyPhaseFacts } from './facts.js';

/** A create the target refused, with the alias it carried. */
export interface Refusal {
  readonly alias: string;
  /** Where it was sent: a check's title, or the key phase's create. */
  readonly test: string;
  readonly status: number;
  /** The refusal's error code, when the answer has one. */
  readonly code?: string;
  /** When the target handled the request, in its own clock (epoch ms): only a key made then is its doing. */
  readonly window?: { readonly from: number; readonly to: number };
}

const duplicateAlias = 'KMS.1104';

/** The refusal a listed key can be the side effect of, if any. */
function causeOf(key: KeyDetails, refusals: readonly Refusal[]): Refusal | undefined {
  const created = key.creation_date ? Number(key.creation_date) : Number.NaN;
  return refusals.find(
    (r) =>
      r.alias === key.key_alias &&
      r.code !== duplicateAlias &&
      (!r.window || !Number.isFinite(created) || (created >= r.window.from && created <= r.window.to)),
  );
}

/** The listed keys that refused creates left behind, each with the refusal that made it. */
export function leftBehind(
  listed: readonly KeyDetails[],
  refusals: readonly Refusal[],
): { readonly key: KeyDetails; readonly refusal: Refusal }[] {
  const byAlias = new Map<string, Refusal[]>();
  for (const r of refusals) byAlias.set(r.alias, [...(byAlias.get(r.alias) ?? []), r]);
  return listed.flatMap((key) => {
    const refusal = causeOf(key, byAlias.get(key.key_alias) ?? []);
    return refusal ? [{ key, refusal }] : [];
  });
}

/** The findings of one look-up: a failure per key left behind, or a pass naming how many were looked up. */
export function sideEffectFindings(
  kase: string,
  refusals: readonly Refusal[],
  left: readonly { readonly key: KeyDetails; readonly refusal: Refusal }[],
  evidence: Evidence,
): Finding[] {
  const id = 'CK-REJECT-NO-SIDE-EFFECT';
  if (refusals.length === 0)
    return [skip(id, kase, skipped.other('no create was refused: nothing to look up'))];
  if (left.length === 0)
    return [pass(id, kase, `${refusals.length} refused creates looked up in list-keys: none left a key`)];
  return left.map(({ key, refusal }) =>
    fail(
      id,
      `${kase}: ${refusal.test}`,
      'key',
      `list-keys shows key ${key.key_id} under alias ${JSON.stringify(refusal.alias)}, which the target refused with ${refusal.status}`,
      [evidence],
    ),
  );
}

/**
 * Whether the target's new keys took time to show (a describe of the key phase had to wait for one): then a
 * key a refusal wrongly made may take as long to show in list-keys, and a look-up waits the settle window
 * first. A target whose keys show at once is looked up at once.
 */
export function keysSettleSlowly(facts: KeyPhaseFacts): boolean {
  return facts.keys.some(
    (k) =>
      k.described !== undefined && 'evidence' in k.described && k.described.evidence.timeline !== undefined,
  );
}
