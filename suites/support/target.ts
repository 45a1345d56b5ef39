/**
 * The target as the suites see it: the run context, one client per suite file, fresh aliases, and a
 * create helper that records every key it makes and respects --max-keys.
 */

import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { KeyBudget } from '../../src/config/budget.js';
import { skipped } from '../../src/config/skips.js';
import { appendState, appendStates, type RefusedAlias, refusal } from '../../src/config/state.js';
import type { Fresh } from '../../src/generators/derive.js';
import { keyInfoOf } from '../../src/spec/answer-rules.js';
import { classify } from '../../src/spec/oracle.js';
import { type Auth, type CallOptions, type Exchange, KmsClient } from '../../src/transport/client.js';
import { RunGuard } from '../../src/transport/guard.js';
import { edition, onRun, run } from './context.js';
import { observe, observeCreated } from './observers.js';

export { edition, run, useRun } from './context.js';

let client: KmsClient | undefined;
const extraClients: KmsClient[] = [];
/** The run's limits in this worker: its deadline, its retry budget, and the run-wide stop file. */
let guard: RunGuard;
/** Every secret of the run: a client with other credentials must still redact what the target echoes. */
let secrets: (string | undefined)[] = [];
/** The run's key budget, shared through its state folder with every process of the run. */
export let budget: KeyBudget;

onRun(() => {
  guard = new RunGuard({
    deadline: run.limits.deadline,
    retryBudgetMs: run.limits.retryBudgetMs,
    maxSilent: run.limits.maxSilent,
    stopFile: join(run.stateDir, 'stopped'),
    retryLedger: join(run.stateDir, 'retry-waits'),
    notice: (m) => process.stderr.write(`kms-conformance: ${m}\n`),
  });
  secrets = [run.auth.kind === 'token' ? run.auth.token : undefined, run.aksk?.sk];
  budget = new KeyBudget(run.stateDir, run.limits.maxKeys);
  // Clients belong to a file, and a file to one run: a new run starts without any.
  client = undefined;
  extraClients.length = 0;
});

function newClient(auth: Auth): KmsClient {
  return new KmsClient({
    guard,
    secrets,
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

/** Fresh values of this worker: aliases with the run prefix, digits and sequences no other case uses. */
export const fresh: Fresh = {
  alias: () => freshAlias(),
  digits: () => `8${randomInt(10 ** 13, 10 ** 14 - 1)}`,
  sequence: () => randomUUID(),
};

/** Thrown when a request could create a key and the budget says no; the check wrapper skips with its reason. */
export class KeyBudgetExhausted extends Error {
  constructor(reason: string) {
    super(skipped.budget(reason));
  }
}

let currentTest = '';
export function setCurrentTest(name: string): void {
  currentTest = name;
}

/**
 * Refused creates' aliases, for the run-wide check that refusals leave no key behind. That check runs after
 * every file, so they are written once per file (`flushRefused`, from the setup file), not once per request.
 */
const refused: RefusedAlias[] = [];

function recordRefused(exchange: Exchange): void {
  const sent = safeParse(exchange.request.body) as { key_alias?: unknown } | undefined;
  if (typeof sent?.key_alias === 'string' && sent.key_alias !== '')
    refused.push(refusal(sent.key_alias, currentTest, exchange));
}

export function flushRefused(): void {
  if (refused.length > 0) appendStates(run.stateDir, 'refused', refused.splice(0));
}

/** Records the key a successful create-key answer names, for the report and the final clean-up. */
export function recordCreated(exchange: Exchange): void {
  if (exchange.operation !== 'create-key') return;
  const info = keyInfoOf(exchange);
  if (!info) return;
  const sent = safeParse(exchange.request.body) as { key_alias?: unknown; sequence?: unknown } | undefined;
  appendState(run.stateDir, 'keys', {
    keyId: info.key_id,
    alias: typeof sent?.key_alias === 'string' ? sent.key_alias : '',
    domainId: info.domain_id,
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
  /** The request is meant to create a key: it takes a --max-keys slot first. */
  readonly expectKey?: boolean;
  readonly client?: KmsClient;
}

/**
 * POST create-key; every answer goes through the always-on observers, every key is recorded and described.
 * A request meant to create a key takes a planned slot. Any other request may still create one on a target
 * that wrongly accepts it: such keys take unplanned slots, and once those are gone, requests that could
 * create a key are not sent, so a faulty target cannot run a live account into its quota.
 */
export async function create(body: unknown, options: CreateOptions = {}): Promise<Exchange> {
  const slot = options.expectKey ? budget.take('planned') : undefined;
  if (options.expectKey && slot === undefined)
    throw new KeyBudgetExhausted(`--max-keys ${run.limits.maxKeys} keys already planned or created`);
  if (!options.expectKey && budget.unplannedFull())
    throw new KeyBudgetExhausted(
      `the target has created ${run.limits.maxKeys} keys for requests it should have refused; no more requests that could create one are sent`,
    );
  const client = options.client ?? kms();
  let exchange: Exchange;
  try {
    exchange = await client.call('create-key', body, options);
  } catch (error) {
    if (slot) budget.give(slot);
    throw error;
  }
  const success = exchange.status >= 200 && exchange.status < 300;
  if (!success && slot) budget.give(slot);
  if (success && !options.expectKey) budget.take('unplanned');
  recordCreated(exchange);
  observe(exchange, currentTest);
  if (!success) recordRefused(exchange);
  // A key made from a valid body with the run's own credentials must show what it was made with; one a
  // faulty target made from a body it had to refuse is that check's failure, not this one's.
  const own =
    options.client === undefined && options.projectId === undefined && options.rawBody === undefined;
  if (success && own && classify(body, edition).expect !== 'refuse')
    await observeCreated(kms(), exchange, currentTest);
  return exchange;
}

/** Any other operation, without observers (they judge create-key only). */
export function call(operation: string, body: unknown, options: CallOptions = {}): Promise<Exchange> {
  return kms().call(operation, body, options);
}
