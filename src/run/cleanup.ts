/**
 * The end of every run, interrupted or not: each key the run created is scheduled for deletion after 7 days,
 * the shortest the API allows. It has a time limit of its own, so a silent target cannot hold a run open.
 */
import { codeOf, noSuchOperation, notSettled } from '../catalogue/answers.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import type { CleanedKey, CreatedKey } from '../config/state.js';
import { errorCodeOf } from '../errors.js';
import type { KmsClient } from '../transport/client.js';
import { settle } from '../transport/settle.js';

export function dedupe(keys: readonly CreatedKey[]): CreatedKey[] {
  const seen = new Map<string, CreatedKey>();
  for (const k of keys) if (!seen.has(k.keyId)) seen.set(k.keyId, k);
  return [...seen.values()];
}

/** `settleMs`: a key made a moment ago may not be found yet (404); its deletion is retried that long. */
export async function cleanUp(
  client: KmsClient,
  keys: readonly CreatedKey[],
  settleMs = 0,
): Promise<CleanedKey[]> {
  const cleaned: CleanedKey[] = [];
  // Once the target shows it has no such operation, or the clean-up's limits stop it, the remaining keys are
  // reported with the same outcome, not tried.
  let gaveUp: Omit<CleanedKey, 'keyId'> | undefined;
  for (const key of keys) {
    if (gaveUp !== undefined) {
      cleaned.push({ keyId: key.keyId, ...gaveUp });
      continue;
    }
    try {
      const { exchange: x } = await settle(
        () => client.call('schedule-key-deletion', { key_id: key.keyId, pending_days: '7' }),
        notSettled,
        settleMs,
      );
      const code = codeOf(x) ?? '';
      if (x.status === 200)
        cleaned.push({ keyId: key.keyId, outcome: 'scheduled', detail: 'pending deletion in 7 days' });
      else if (code === 'KMS.1402')
        cleaned.push({ keyId: key.keyId, outcome: 'scheduled', detail: 'already pending deletion' });
      else if (
        (x.status === 404 || x.status === 405) &&
        (noSuchOperation.has(code) || !errorEnvelope(x.json))
      ) {
        gaveUp = {
          outcome: 'unsupported',
          detail: `the target offers no schedule-key-deletion (${x.status} ${code})`.trim(),
        };
        cleaned.push({ keyId: key.keyId, ...gaveUp });
      } else cleaned.push({ keyId: key.keyId, outcome: 'failed', detail: `${x.status} ${code}`.trim() });
    } catch (error) {
      const detail = (error as Error).message;
      cleaned.push({ keyId: key.keyId, outcome: 'failed', detail });
      if (errorCodeOf(error) === 'KMSCT_ERR_STOPPED') gaveUp = { outcome: 'failed', detail };
    }
  }
  return cleaned;
}
