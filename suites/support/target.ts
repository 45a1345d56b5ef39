/**
 * The target as the suites see it: the run context, one client per suite file, fresh aliases, and a
 * create helper that records every key it makes and respects --max-keys.
 */
import { inject } from 'vitest';
import type { RunContext } from '../../src/config/run-context.js';
import { type BrokenRequest, brokenRequests } from '../../src/generators/broken-requests.js';
import { appendState, reserveKeySlot } from '../../src/config/state.js';
import { type Auth, type CallOptions, type Exchange, KmsClient } from '../../src/transport/client.js';
import { observe } from './observers.js';

export const run: RunContext = inject('kmsct');
export const edition = run.edition;

let client: KmsClient | undefined;
const extraClients: KmsClient[] = [];

function newClient(auth: Auth): KmsClient {
  return new KmsClient({
    baseUrl: run.target.url,
    projectId: run.target.projectId,
    auth,
    timeoutMs: run.limits.timeoutMs,
    maxResponseBytes: run.limits.maxResponseBytes,
    rate: run.limits.rate,
    insecure: run.target.insecure,
    connections: 64,
    ...(run.target.ca !== undefined && { ca: run.target.ca }),
  });
}

/** The file's client with the run's primary credentials. */
export function kms(): KmsClient {
  client ??= newClient(run.auth);
  return client;
}

/** A client with other credentials; closed with the file. */
export function kmsWith(auth: Auth): KmsClient {
  const extra = newClient(auth);
  extraClients.push(extra);
  return extra;
}

export function allClients(): KmsClient[] {
  return [...(client ? [client] : []), ...extraClients];
}

export async function closeClients(): Promise<void> {
  await Promise.all(allClients().map((c) => c.close()));
  client = undefined;
  extraClients.length = 0;
}

let aliasCount = 0;
const fileTag = Math.random().toString(36).slice(2, 6);

/** A fresh alias that starts with the run id: unique in the run, and recognisable for clean-up. */
export function freshAlias(tag = 'k'): string {
  return `${run.runId}-${fileTag}${tag}${aliasCount++}`;
}

/** The deterministic one-rule-broken cases of a requirement, with fresh aliases of this run. */
export function broken(rule: string): readonly BrokenRequest[] {
  return brokenRequests(freshAlias, edition).filter((c) => c.rule === rule);
}

/** Thrown when --max-keys is used up; the check wrapper turns it into a skip with this reason. */
export class KeyBudgetExhausted extends Error {
  constructor() {
    super(`skipped: --max-keys ${run.limits.maxKeys} keys already created by this run`);
  }
}

let currentTest = '';
export function setCurrentTest(name: string): void {
  currentTest = name;
}

/** Records a 200 create-key answer's key for the report and the final clean-up. */
export function recordCreated(exchange: Exchange): void {
  if (exchange.operation !== 'create-key' || exchange.status !== 200) return;
  const info = (exchange.json as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)
    ?.key_info;
  if (typeof info?.key_id !== 'string') return;
  const sent = safeParse(exchange.request.body) as { key_alias?: unknown; sequence?: unknown } | undefined;
  appendState(run.stateDir, 'keys', {
    keyId: info.key_id,
    alias: typeof sent?.key_alias === 'string' ? sent.key_alias : '',
    domainId: typeof info.domain_id === 'string' ? info.domain_id : '',
    test: currentTest,
    ...(typeof sent?.sequence === 'string' && { sequence: sent.sequence }),
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface CreateOptions extends CallOptions {
  /** The request should create a key: take a --max-keys slot first. */
  readonly expectKey?: boolean;
  readonly client?: KmsClient;
}

/** POST create-key; every answer goes through the always-on observers, every key is recorded. */
export async function create(body: unknown, options: CreateOptions = {}): Promise<Exchange> {
  if (options.expectKey && !reserveKeySlot(run.stateDir, run.limits.maxKeys)) throw new KeyBudgetExhausted();
  const exchange = await (options.client ?? kms()).call('create-key', body, options);
  recordCreated(exchange);
  observe(exchange, currentTest);
  return exchange;
}

/** Any other operation, without observers (they judge create-key only). */
export function call(operation: string, body: unknown, options: CallOptions = {}): Promise<Exchange> {
  return kms().call(operation, body, options);
}
