import { afterAll, beforeAll } from 'vitest';
import {
  type ReferenceOptions,
  type ReferenceServer,
  startReferenceServer,
} from '../../src/reference/server.js';
import { type Auth, KmsClient } from '../../src/transport/client.js';

export interface Harness {
  server: ReferenceServer;
  client: KmsClient;
  /** A client with other credentials (or none) against the same server. */
  clientWith(auth: Auth): KmsClient;
}

/** Starts a reference server on 127.0.0.1:0 for the file's tests and a client for it; both closed afterwards. */
export function useReference(options: ReferenceOptions = {}): Harness {
  const clients: KmsClient[] = [];
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await startReferenceServer(options);
    harness.clientWith = (auth) => {
      const client = new KmsClient({
        baseUrl: harness.server.url,
        projectId: harness.server.projectId,
        auth,
        connections: 64,
      });
      clients.push(client);
      return client;
    };
    harness.client = harness.clientWith({ kind: 'token', token: harness.server.token });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await harness.server?.close();
  });
  return harness;
}

let counter = 0;
/** A fresh alias per call, so tests never collide on the duplicate-alias rule. */
export const alias = (prefix = 't') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

export function errorCode(json: unknown): string | undefined {
  return (json as { error?: { error_code?: string } } | undefined)?.error?.error_code;
}
