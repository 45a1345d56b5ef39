import type { CreateKeyRequest } from '../catalogue/api-types.js';
import type { Behaviour, OperationName } from './behaviour.js';
import { isRejection, reject } from './rejection.js';
import type { AppRequest, Reply } from './types.js';

const route = /^\/v1\.0\/([^/]+)\/kms\/([a-z-]+)$/;
const operations = new Set<string>([
  'create-key',
  'describe-key',
  'list-keys',
  'schedule-key-deletion',
  'cancel-key-deletion',
]);

/**
 * The reference KMS as a function from request to reply: routing, authentication, JSON, then the
 * operation. Transport concerns (body limit, timeouts, TLS) stay in server.ts.
 */
export function handle(behaviour: Behaviour, req: AppRequest): Reply {
  const refused = behaviour.admit?.(req);
  if (refused) return behaviour.error(refused);
  const match = route.exec(req.path);
  const projectId = match?.[1];
  const operation = match?.[2];
  if (projectId === undefined || operation === undefined || !operations.has(operation)) {
    return behaviour.error(reject(404, 'KMS.0201'));
  }
  if (req.method !== 'POST') return behaviour.error(reject(405, 'KMS.0215'));
  const auth = behaviour.authenticate(req, projectId);
  if (isRejection(auth)) return behaviour.error(auth);
  const parsed = behaviour.parseBody(req.body);
  if (isRejection(parsed)) return behaviour.error(parsed);

  if (operation === 'create-key') {
    const invalid = behaviour.validateCreateKey(parsed.value);
    if (invalid) return behaviour.error(invalid);
    const created = behaviour.createKey(parsed.value as CreateKeyRequest, auth.projectId, req.now);
    return isRejection(created)
      ? behaviour.error(created)
      : behaviour.reply(200, behaviour.createdBody(created));
  }
  const keys = behaviour.store.project(auth.projectId);
  const result = behaviour.operation(operation as OperationName, keys, parsed.value, req.now);
  return isRejection(result) ? behaviour.error(result) : behaviour.reply(200, result.body);
}
