import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyBudget } from '../config/budget.js';
import type { KeyPhaseFacts } from '../config/key-facts.js';
import type { Capability, RunContext } from '../config/run-context.js';
import type { RunOptions } from '../config/run-options.js';
import { appendState, type CleanedKey, type CreatedKey, readState } from '../config/state.js';
import { planKeys } from '../plan/planner.js';
import { type ReferenceServer, startReferenceServer } from '../reference/server.js';
import { requirement } from '../spec/catalogue/index.js';
import { errorEnvelope, listKeysResponse } from '../spec/schemas.js';
import { type Auth, KmsClient } from '../transport/client.js';
import { TransportError } from '../transport/errors.js';
import { isLoopback } from '../transport/loopback.js';
import { runKeyPhase } from './key-phase.js';
import { findLeftKeys } from './side-effects.js';

/** A run's target made ready: the context for the suites, and what to undo afterwards. */
export interface PreparedRun {
  readonly context: RunContext;
  readonly reference?: ReferenceServer;
  /** Requests the probes and the clean-up sent. */
  readonly requests: () => number;
  finish(): Promise<{ created: CreatedKey[]; cleaned: CleanedKey[] }>;
}

export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    readonly code: 'KMSCT_ERR_TARGET_UNREACHABLE' | 'KMSCT_ERR_CREDENTIALS',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

const absentKeyId = '00000000-0000-4000-8000-000000000000';
// Codes that say "no such operation" rather than "no such key".
const noSuchOperation = new Set(['KMS.0201', 'KMS.0215', 'APIGW.0101']);

async function probeDescribe(client: KmsClient): Promise<Capability> {
  const x = await client.call('describe-key', { key_id: absentKeyId });
  const code = (x.json as { error?: { error_code?: string } } | undefined)?.error?.error_code ?? '';
  const supported =
    x.status === 200 ||
    ((x.status === 400 || x.status === 404) && errorEnvelope(x.json) && !noSuchOperation.has(code));
  return { supported, reason: `describe-key of an absent key answered ${x.status} ${code}`.trim() };
}

async function probeList(client: KmsClient): Promise<Capability> {
  const x = await client.call('list-keys', { limit: '1' });
  const supported = x.status === 200 && listKeysResponse(x.json);
  return {
    supported,
    reason: `list-keys answered ${x.status}${x.status === 200 && !supported ? ' with a body outside list-keys-response.schema.json' : ''}`,
  };
}

/** Starts the embedded reference when there is no target, checks the target answers, probes optional operations. */
export async function prepareRun(options: RunOptions): Promise<PreparedRun> {
  let reference: ReferenceServer | undefined;
  let auth: Auth;
  let aksk: { ak: string; sk: string } | undefined;
  let url: string;
  let projectId: string;
  if (options.target === undefined) {
    aksk = {
      ak: `AKREF${randomBytes(8).toString('hex').toUpperCase()}`,
      sk: randomBytes(20).toString('base64url'),
    };
    reference = await startReferenceServer({ edition: options.edition, faults: options.faults, ...aksk });
    auth = { kind: 'token', token: reference.token };
    url = reference.url;
    projectId = reference.projectId;
  } else {
    url = options.target;
    projectId = options.projectId ?? '';
    if (options.ak !== undefined && options.sk !== undefined) aksk = { ak: options.ak, sk: options.sk };
    auth =
      options.token !== undefined
        ? { kind: 'token', token: options.token }
        : { kind: 'aksk', ...(aksk as { ak: string; sk: string }) };
  }
  const loopback = isLoopback(url);
  const ca = options.caFile !== undefined ? readFileSync(options.caFile, 'utf8') : undefined;
  const clientOptions = {
    baseUrl: url,
    projectId,
    auth,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    insecure: options.insecure,
    rate: options.rate ?? (loopback ? 0 : 10),
    ...(ca !== undefined && { ca }),
  };
  const client = new KmsClient(clientOptions);
  let stateDir: string | undefined;
  try {
    const preflight = await client.call('create-key', {});
    if (preflight.status === 401 || preflight.status === 403) {
      throw new RunError(
        'KMSCT_ERR_CREDENTIALS',
        `the target refused the credentials: create-key answered ${preflight.status} ${preflight.text.slice(0, 200)}`,
      );
    }
    const capabilities = { describeKey: await probeDescribe(client), listKeys: await probeList(client) };
    const dir = mkdtempSync(join(tmpdir(), 'kmsct-'));
    stateDir = dir;
    const runId = `kmsct-${randomBytes(3).toString('hex')}`;
    const limits = {
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      rate: options.rate ?? (loopback ? 0 : 10),
      maxKeys: options.maxKeys ?? (loopback ? 0 : 10),
      concurrency: options.concurrency,
    };
    const plan = planKeys({
      edition: options.edition,
      maxKeys: limits.maxKeys,
      concurrency: limits.concurrency,
      aksk: aksk !== undefined,
      describe: capabilities.describeKey.supported,
      selected: selector(options.grep),
    });
    const signer = aksk && new KmsClient({ ...clientOptions, auth: { kind: 'aksk', ...aksk } });
    let keys: KeyPhaseFacts;
    try {
      keys = await runKeyPhase({
        plan,
        client,
        ...(signer && { signer }),
        edition: options.edition,
        runId,
        stateDir: dir,
        budget: new KeyBudget(dir, limits.maxKeys),
        describe: capabilities.describeKey.supported,
        concurrency: limits.concurrency,
      });
    } finally {
      await signer?.close();
    }
    const context: RunContext = {
      runId,
      target: {
        url,
        projectId,
        embedded: reference !== undefined,
        loopback,
        insecure: options.insecure,
        ...(ca !== undefined && { ca }),
      },
      auth,
      ...(aksk !== undefined && { aksk }),
      edition: options.edition,
      seed: options.seed ?? randomInt(2 ** 31 - 1),
      numRuns: options.numRuns,
      limits,
      capabilities,
      stateDir: dir,
      keys,
    };
    return {
      context,
      ...(reference !== undefined && { reference }),
      requests: () => client.exchanges().reduce((n, x) => n + 1 + x.retries.length, 0),
      async finish() {
        try {
          if (capabilities.listKeys.supported) await findLeftKeys(client, dir).catch(() => undefined);
          const created = dedupe(readState<CreatedKey>(dir, 'keys'));
          const cleaned = await cleanUp(client, created);
          for (const c of cleaned) appendState(dir, 'cleaned', c);
          return { created, cleaned };
        } finally {
          await client.close();
          await reference?.close();
        }
      },
    };
  } catch (error) {
    // Whatever went wrong, keys already made are scheduled for deletion.
    if (stateDir !== undefined) {
      await cleanUp(client, dedupe(readState<CreatedKey>(stateDir, 'keys'))).catch(() => []);
      rmSync(stateDir, { recursive: true, force: true });
    }
    await client.close();
    await reference?.close();
    if (error instanceof TransportError) {
      throw new RunError('KMSCT_ERR_TARGET_UNREACHABLE', `the target did not answer: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Which requirements a --grep pattern selects: by id, or by id and title. */
export function selector(grep: string | undefined): (id: string) => boolean {
  const pattern = grep !== undefined ? new RegExp(grep) : undefined;
  return (id) => !pattern || pattern.test(id) || pattern.test(`${id} ${requirement(id).title}`);
}

export function removeState(context: RunContext): void {
  rmSync(context.stateDir, { recursive: true, force: true });
}

function dedupe(keys: CreatedKey[]): CreatedKey[] {
  const seen = new Map<string, CreatedKey>();
  for (const k of keys) if (!seen.has(k.keyId)) seen.set(k.keyId, k);
  return [...seen.values()];
}

/** Schedules every key the run created for deletion after 7 days, the shortest the API allows. */
async function cleanUp(client: KmsClient, keys: readonly CreatedKey[]): Promise<CleanedKey[]> {
  const cleaned: CleanedKey[] = [];
  let unsupported: string | undefined;
  for (const key of keys) {
    if (unsupported !== undefined) {
      cleaned.push({ keyId: key.keyId, outcome: 'unsupported', detail: unsupported });
      continue;
    }
    try {
      const x = await client.call('schedule-key-deletion', { key_id: key.keyId, pending_days: '7' });
      const code = (x.json as { error?: { error_code?: string } } | undefined)?.error?.error_code ?? '';
      if (x.status === 200)
        cleaned.push({ keyId: key.keyId, outcome: 'scheduled', detail: 'pending deletion in 7 days' });
      else if (code === 'KMS.1402')
        cleaned.push({ keyId: key.keyId, outcome: 'scheduled', detail: 'already pending deletion' });
      else if (
        (x.status === 404 || x.status === 405) &&
        (noSuchOperation.has(code) || !errorEnvelope(x.json))
      ) {
        unsupported = `the target offers no schedule-key-deletion (${x.status} ${code})`.trim();
        cleaned.push({ keyId: key.keyId, outcome: 'unsupported', detail: unsupported });
      } else cleaned.push({ keyId: key.keyId, outcome: 'failed', detail: `${x.status} ${code}`.trim() });
    } catch (error) {
      cleaned.push({ keyId: key.keyId, outcome: 'failed', detail: (error as Error).message });
    }
  }
  return cleaned;
}
