/**
 * The end of a run's look-up of the account, through list-keys (when the target offers it):
 * - CK-REJECT-NO-SIDE-EFFECT: every alias the target refused is looked for (src/judge/side-effects.ts decides
 *   which keys count); a key left behind is a finding, and one to clean up;
 * - keys the run made but never heard of (a create whose answer never came, a run interrupted mid-request):
 *   every key under the run's own alias prefix, not yet pending deletion, is one to clean up.
 */
import { appendState, type RefusedAlias, readState } from '../config/state.js';
import type { Finding } from '../findings/finding.js';
import type { MadeKey } from '../judge/keys.js';
import { leftBehind, sideEffectFindings } from '../judge/side-effects.js';
import type { KmsClient } from '../transport/client.js';
import { toEvidence } from '../transport/evidence.js';
import { listAll } from '../transport/list-keys.js';

/** Looks the run's refusals and its alias prefix up in list-keys; what it finds is recorded as the run's keys. */
export async function lookUpAccount(
  client: KmsClient,
  stateDir: string,
  aliasPrefix: string,
): Promise<Finding[]> {
  const made = readState<MadeKey>(stateDir, 'keys');
  const aliases = new Set(made.map((k) => k.alias));
  const ids = new Set(made.map((k) => k.keyId));
  // An alias that also made a key of ours (a fixed value retried, a duplicate accepted) is not a leftover.
  const refusals = readState<RefusedAlias>(stateDir, 'refused').filter((r) => !aliases.has(r.alias));
  const listed = await listAll(client);
  if ('refused' in listed) return [];
  const left = leftBehind(listed.keys, refusals);
  for (const { key, refusal } of left) {
    ids.add(key.key_id);
    appendState(stateDir, 'keys', {
      keyId: key.key_id,
      alias: refusal.alias,
      domainId: key.domain_id,
      test: refusal.test,
    } satisfies MadeKey);
  }
  for (const key of listed.keys)
    if (key.key_alias.startsWith(aliasPrefix) && key.key_state !== '4' && !ids.has(key.key_id))
      appendState(stateDir, 'keys', {
        keyId: key.key_id,
        alias: key.key_alias,
        domainId: key.domain_id,
        test: 'found under the run alias prefix at its end (its create got no answer, or was cut short)',
      } satisfies MadeKey);
  return refusals.length > 0
    ? sideEffectFindings('the refused creates of the run', refusals, left, toEvidence(listed.first))
    : [];
}
