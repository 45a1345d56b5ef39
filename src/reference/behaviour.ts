import { randomUUID } from 'node:crypto';
import type { CreateKeyRequest, KeyDetails } from '../catalogue/api-types.js';
import { depthOf, maxJsonDepth } from '../transport/json-depth.js';
import { authenticate } from './auth.js';
import { createKey, validateCreateKey } from './create-key.js';
import { keyIdGenerator } from './ids.js';
import {
  cancelKeyDeletion,
  describeKey,
  listKeys,
  type OperationResult,
  scheduleKeyDeletion,
} from './operations.js';
import { reject } from './rejection.js';
import { KeyStore, type ProjectKeys } from './store.js';
import type { AppRequest, ReferenceConfig, Rejection, Reply } from './types.js';

export type OperationName = 'describe-key' | 'list-keys' | 'schedule-key-deletion' | 'cancel-key-deletion';

/**
 * The seams of the reference server. Each is one documented behaviour, so a planted fault
 * (src/reference/faults/) replaces exactly one function and breaks exactly one rule.
 */
export interface Behaviour {
  readonly config: ReferenceConfig;
  readonly store: KeyStore;
  /** What stands in front of the service (the cloud profile's gateway): a refusal before anything else. */
  admit?(req: AppRequest): Rejection | undefined;
  authenticate(req: AppRequest, urlProjectId: string): Rejection | { projectId: string };
  parseBody(body: Buffer): Rejection | { value: unknown };
  validateCreateKey(body: unknown): Rejection | undefined;
  createKey(request: CreateKeyRequest, projectId: string, now: Date): Rejection | KeyDetails;
  createdBody(details: KeyDetails): unknown;
  newKeyId(): string;
  operation(name: OperationName, keys: ProjectKeys, body: unknown, now: Date): OperationResult;
  reply(status: number, body: unknown): Reply;
  error(rejection: Rejection): Reply;
  /** Largest body accepted, in bytes; server.ts stops reading beyond it. */
  readonly bodyLimit: number;
  /** An alias already in use is refused (KMS.1104), as the real service does; §7 leaves it open. */
  readonly uniqueAliases: boolean;
}

export function defaultBehaviour(config: ReferenceConfig): Behaviour {
  const newKeyId = keyIdGenerator(config.seed);
  // X-Request-Id: 32 hex digits, unique per answer: a random prefix for the process and a counter.
  const requestIdPrefix = randomUUID().replaceAll('-', '').slice(0, 20);
  let requests = 0;
  const store = new KeyStore(newKeyId, config.domainId);
  return {
    config,
    store,
    bodyLimit: config.bodyLimit,
    uniqueAliases: true,
    authenticate: (req, urlProjectId) => authenticate(config, req, urlProjectId),
    parseBody(body) {
      const text = body.toString('utf8');
      // Nesting is bounded before parsing: explaining a refusal must not walk thousands of levels.
      if (depthOf(text) > maxJsonDepth)
        return reject(400, 'KMS.0202', `JSON nested more than ${maxJsonDepth} deep.`);
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return reject(400, 'KMS.0202');
      }
    },
    validateCreateKey: (body) => validateCreateKey(body, config.edition),
    // Methods, not arrows: `this` is the outermost behaviour, so a fault that replaces newKeyId or reply
    // changes every path that uses it.
    createKey(request, projectId, now) {
      return createKey(request, {
        store,
        projectId,
        domainId: config.domainId,
        quota: config.quota,
        newKeyId: () => this.newKeyId(),
        uniqueAliases: this.uniqueAliases,
        now,
      });
    },
    newKeyId,
    createdBody: (details) => ({ key_info: { key_id: details.key_id, domain_id: details.domain_id } }),
    operation(name, keys, body, now) {
      switch (name) {
        case 'describe-key':
          return describeKey(keys, body);
        case 'list-keys':
          return listKeys(keys, body);
        case 'schedule-key-deletion':
          return scheduleKeyDeletion(keys, body, now);
        case 'cancel-key-deletion':
          return cancelKeyDeletion(keys, body);
      }
    },
    reply: (status, body) => ({
      status,
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        'x-request-id': requestIdPrefix + (requests++).toString(16).padStart(12, '0'),
      },
      body: JSON.stringify(body),
    }),
    error(rejection) {
      return this.reply(rejection.status, {
        error: { error_code: rejection.code, error_msg: rejection.message },
      });
    },
  };
}
