/**
 * The run-wide look-up of CK-REJECT-NO-SIDE-EFFECT: after every suite has run, list-keys is read and every
 * alias the target refused is looked for (src/judge/side-effects.ts decides which keys count). A key left
 * behind is a finding, and it is recorded with the run's keys so that the clean-up schedules its deletion.
 */
import { appendState, type RefusedAlias, readState } from '../config/state.js';
import type { Finding } from '../findings/finding.js';
import type { MadeKey } from '../judge/keys.js';
import { leftBehind, sideEffectFindings } from '../judge/side-effects.js';
import type { KmsClient } from '../transport/client.js';
import { toEvidence } from '../transport/evidence.js';
import { listAll } from '../transport/list-keys.js';

/** Looks up the run's refused aliases; a key left behind becomes a finding and a key to clean up. */
export async function findLeftKeys(client: KmsClient, stateDir: string): Promise<Finding[]> {
  const created = new Set(readState<MadeKey>(stateDir, 'keys').map((k) => k.alias));
  // An alias that also made a key of ours (a fixed value retried, a duplicate accepted) is not a leftover.
  const refusals = readState<RefusedAlias>(stateDir, 'refused').filter((r) => !created.has(r.alias));
  if (refusals.length === 0) return [];
  const listed = await listAll(client);
  if ('refused' in listed) return [];
  const left = leftBehind(listed.keys, refusals);
  for (const { key, refusal } of left)
    appendState(stateDir, 'keys', {
      keyId: key.key_id,
      alias: refusal.alias,
      domainId: key.domain_id,
      test: refusal.test,
    } satisfies MadeKey);
  return sideEffectFindings('the refused creates of the run', refusals, left, toEvidence(listed.first));
}
