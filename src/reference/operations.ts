import type { KeyDetails } from '../catalogue/api-types.js';
import {
  cancelKeyDeletionRequest,
  describeKeyRequest,
  explainErrors,
  listKeysRequest,
  scheduleKeyDeletionRequest,
} from '../catalogue/schemas.js';
import { reject } from './rejection.js';
import type { ProjectKeys } from './store.js';
import type { Rejection } from './types.js';

/** describe-key, list-keys, schedule- and cancel-key-deletion (create-key.md §6). */
export type OperationResult = Rejection | { readonly body: unknown };

function findKey(keys: ProjectKeys, body: unknown, valid: boolean, explain: string): Rejection | KeyDetails {
  if (!valid) return reject(400, 'KMS.0308', explain);
  const key = keys.get((body as { key_id: string }).key_id);
  return key ?? reject(404, 'KMS.0207');
}

export function describeKey(keys: ProjectKeys, body: unknown): OperationResult {
  const key = findKey(keys, body, describeKeyRequest(body), explainErrors(describeKeyRequest.errors, body));
  return 'rejected' in key ? key : { body: { key_info: key } };
}

const defaultLimit = 1000;

export function listKeys(keys: ProjectKeys, body: unknown): OperationResult {
  if (!listKeysRequest(body)) {
    const limitError = listKeysRequest.errors?.find((e) => e.instancePath === '/limit');
    const markerError = listKeysRequest.errors?.find((e) => e.instancePath === '/marker');
    const code = limitError ? 'KMS.1601' : markerError ? 'KMS.1602' : 'KMS.0308';
    return reject(400, code, explainErrors(listKeysRequest.errors, body));
  }
  const limit = body.limit ? Number(body.limit) : defaultLimit;
  const offset = body.marker ? Number(body.marker) : 0;
  // create-key.md §6: list-keys returns only AES_256 keys unless key_spec is "ALL".
  const { keys: page, total } = keys.page({
    spec: body.key_spec ?? 'AES_256',
    ...(body.key_state !== undefined && { state: body.key_state }),
    offset,
    limit,
  });
  const truncated = offset + limit < total;
  return {
    body: {
      keys: page.map((k) => k.key_id),
      key_details: page,
      next_marker: truncated ? String(offset + limit) : '',
      truncated: truncated ? 'true' : 'false',
      total,
    },
  };
}

const dayMs = 86_400_000;

export function scheduleKeyDeletion(keys: ProjectKeys, body: unknown, now: Date): OperationResult {
  if (!scheduleKeyDeletionRequest(body)) {
    const daysError = scheduleKeyDeletionRequest.errors?.find((e) => e.instancePath === '/pending_days');
    return reject(
      400,
      daysError ? 'KMS.1401' : 'KMS.0308',
      explainErrors(scheduleKeyDeletionRequest.errors, body),
    );
  }
  const key = keys.get(body.key_id);
  if (!key) return reject(404, 'KMS.0207');
  if (key.default_key_flag === '1') return reject(400, 'KMS.0211');
  if (key.key_state === '4') return reject(400, 'KMS.1402');
  const at = String(now.getTime() + Number(body.pending_days) * dayMs);
  const updated = keys.setState(key.key_id, '4', at);
  return { body: { key_id: key.key_id, key_state: updated?.key_state ?? '4' } };
}

export function cancelKeyDeletion(keys: ProjectKeys, body: unknown): OperationResult {
  const key = findKey(
    keys,
    body,
    cancelKeyDeletionRequest(body),
    explainErrors(cancelKeyDeletionRequest.errors, body),
  );
  if ('rejected' in key) return key;
  if (key.key_state !== '4') return reject(400, 'KMS.1501');
  // create-key.md §6: cancelling leaves the key disabled ("3").
  keys.setState(key.key_id, '3', '');
  return { body: { key_id: key.key_id, key_state: '3' } };
}
