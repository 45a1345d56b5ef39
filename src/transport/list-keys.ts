/**
 * Every key list-keys shows, page by page (§6: `key_spec: "ALL"`, or only AES_256 keys are listed), for the
 * look-ups that need the account's keys: what refused creates left behind, and what a run may clean up.
 */
import type { Exchange, KmsClient } from './client.js';

/** The fields of a listed key the look-ups read; the rest of KeyDetails is not needed here. */
export interface ListedKey {
  readonly key_id: string;
  readonly key_alias: string;
  readonly domain_id: string;
  readonly creation_date?: string;
  readonly key_state?: string;
}

const maxPages = 100;

/**
 * Every listed key, or the first answer that was not 200 (the operation is missing, or refused). The first
 * page's exchange is kept as the evidence of the look-up.
 */
export async function listAll(
  client: KmsClient,
): Promise<{ readonly keys: ListedKey[]; readonly first: Exchange } | { readonly refused: Exchange }> {
  const keys: ListedKey[] = [];
  let marker: string | undefined;
  let first: Exchange | undefined;
  for (let page = 0; page < maxPages; page++) {
    const x = await client.call('list-keys', {
      key_spec: 'ALL',
      limit: '1000',
      ...(marker !== undefined && { marker }),
    });
    if (x.status !== 200) return { refused: x };
    first ??= x;
    const body = x.json as { key_details?: unknown; truncated?: unknown; next_marker?: unknown } | undefined;
    if (Array.isArray(body?.key_details)) keys.push(...(body.key_details as ListedKey[]));
    if (body?.truncated !== 'true' || typeof body.next_marker !== 'string' || body.next_marker === '') break;
    marker = body.next_marker;
  }
  return { keys, first: first as Exchange };
}
