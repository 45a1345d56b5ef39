/**
 * The run-wide check of CK-REJECT-NO-SIDE-EFFECT: after every suite has run, list-keys must show no key under
 * an alias the target refused, created while the target handled the refused request. Such a key is a finding,
 * and it is scheduled for deletion with the rest. A key under that alias created at another time is someone
 * else's (a key the account already had, a parallel shard's, whose create made ours a duplicate): it is
 * neither a finding nor ours to delete.
 */
import { appendState, type CreatedKey, type RefusedAlias, readState } from '../config/state.js';
import type { KeyDetails, ListKeysResponse } from '../spec/api-types.js';
import type { KmsClient } from '../transport/client.js';
import { toEvidence } from '../transport/evidence.js';

const maxPages = 100;

/**
 * The refusal a key can be the side effect of: one whose window holds its creation (or that has no window),
 * and that did not say the alias was taken (KMS.1104: the key under it was there before the request).
 */
function causeOf(key: KeyDetails, refusals: readonly RefusedAlias[]): RefusedAlias | undefined {
  const created = key.creation_date ? Number(key.creation_date) : Number.NaN;
  return refusals.find(
    (r) =>
      r.code !== duplicateAlias &&
      (!r.window || !Number.isFinite(created) || (created >= r.window.from && created <= r.window.to)),
  );
}

const duplicateAlias = 'KMS.1104';

export async function findLeftKeys(client: KmsClient, stateDir: string): Promise<void> {
  const created = new Set(readState<CreatedKey>(stateDir, 'keys').map((k) => k.alias));
  const refused = new Map<string, RefusedAlias[]>();
  for (const r of readState<RefusedAlias>(stateDir, 'refused')) {
    if (created.has(r.alias)) continue;
    const same = refused.get(r.alias);
    if (same) same.push(r);
    else refused.set(r.alias, [r]);
  }
  if (refused.size === 0) return;
  let marker: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const x = await client.call('list-keys', {
      key_spec: 'ALL',
      limit: '1000',
      ...(marker !== undefined && { marker }),
    });
    if (x.status !== 200) return;
    const body = x.json as Partial<ListKeysResponse> | undefined;
    for (const key of (body?.key_details ?? []) as KeyDetails[]) {
      const r = causeOf(key, refused.get(key.key_alias) ?? []);
      if (!r) continue;
      appendState(stateDir, 'findings', {
        id: 'CK-REJECT-NO-SIDE-EFFECT',
        message: `list-keys shows key ${key.key_id} under alias ${JSON.stringify(r.alias)}, which the target refused with ${r.status}`,
        exchangeId: x.id,
        test: r.test,
        ...toEvidence(x),
      });
      appendState(stateDir, 'keys', {
        keyId: key.key_id,
        alias: r.alias,
        domainId: key.domain_id,
        test: r.test,
      });
    }
    if (body?.truncated !== 'true' || !body.next_marker) return;
    marker = body.next_marker;
  }
}
