/**
 * Provider verification: replays the consumer pact against any target with the Pact Verifier (the real
 * Rust FFI). Provider states are set up through the target's own API, and a request filter swaps the
 * contract's placeholder token for the real credentials without changing the contract.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { notSettled } from '../catalogue/answers.js';
import { KmsctError } from '../errors.js';
import { type Auth, KmsClient } from '../transport/client.js';
import { TransportError } from '../transport/errors.js';
import { RunGuard } from '../transport/guard.js';
import { isLoopback } from '../transport/loopback.js';
import { Redactor } from '../transport/redact.js';
import { settle } from '../transport/settle.js';
import { brokerCredentials } from './broker.js';
import { startGuardProxy } from './guard-proxy.js';
import { mismatchesOf } from './mismatches.js';

export const providerName = 'huaweicloud-kms';

export interface VerifyOptions {
  readonly target: string;
  readonly projectId: string;
  readonly auth: Exclude<Auth, { kind: 'none' }>;
  readonly pactFile?: string;
  readonly broker?: {
    readonly url: string;
    readonly providerVersion: string;
    readonly providerBranch?: string;
    readonly publishResults: boolean;
  };
  readonly insecure?: boolean;
  readonly limits?: Partial<VerifyLimits>;
  /** How long a new key may take to show (describe-key 404 or state 1); by target when absent. */
  readonly settleMs?: number;
  /** Aborted on SIGINT or SIGTERM: the verification stops, and the keys it made are scheduled for deletion. */
  readonly signal?: AbortSignal;
}

export interface VerifyLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxRunSeconds: number;
  readonly retryBudgetSeconds: number;
  readonly maxSilent: number;
}

const defaultLimits: VerifyLimits = {
  timeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
  maxRunSeconds: 600,
  retryBudgetSeconds: 60,
  maxSilent: 3,
};
const cleanupMs = 30_000;
/** How long an abandoned verification is given to run out before the process moves on (see drain). */
const drainMs = 20_000;

export interface VerifyResult {
  /** Verified: no mismatch and no error. */
  readonly ok: boolean;
  /**
   * What kept the verification from a verdict (the provider did not answer, answered too much, the time
   * limit): with any of these, mismatches say nothing about the provider.
   */
  readonly errors: readonly string[];
  /** Redirects to another origin that were not followed. */
  readonly redirects: readonly string[];
  /** "<interaction>: <path>: <mismatch>", one per mismatch the verifier reported. */
  readonly mismatches: readonly string[];
  readonly keysCreated: readonly string[];
  /** Keys the run made (states and create-key interactions) that were then scheduled for deletion. */
  readonly keysCleaned: number;
}

export class PactConfigError extends KmsctError {
  override name = 'PactConfigError';
  constructor(message: string) {
    super('KMSCT_ERR_PACT', message);
  }
}

export async function verifyPact(options: VerifyOptions): Promise<VerifyResult> {
  if (!options.broker && (!options.pactFile || !existsSync(options.pactFile))) {
    throw new PactConfigError(
      `--pact-file must be a readable pact file, but received ${JSON.stringify(options.pactFile)}`,
    );
  }
  process.env.PACT_DO_NOT_TRACK = 'true';
  const { Verifier } = await import('@pact-foundation/pact');
  const limits = { ...defaultLimits, ...options.limits };
  const secrets = options.auth.kind === 'token' ? [options.auth.token] : [options.auth.sk];
  const redactor = new Redactor(secrets);
  const deadline = Date.now() + limits.maxRunSeconds * 1000;
  const guard = new RunGuard({
    deadline,
    retryBudgetMs: limits.retryBudgetSeconds * 1000,
    maxSilent: limits.maxSilent,
    ...(options.signal && { signal: options.signal }),
  });
  const clientOptions = {
    baseUrl: options.target,
    projectId: options.projectId,
    auth: options.auth,
    insecure: options.insecure === true,
    timeoutMs: limits.timeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
  };
  const client = new KmsClient({ ...clientOptions, guard });
  const proxy = await startGuardProxy({
    target: new URL(options.target),
    projectId: options.projectId,
    auth: options.auth,
    limits,
    redactor,
    guard,
    insecure: options.insecure === true,
  });
  const runTag = `kmsct-pact-${randomBytes(3).toString('hex')}`;
  const settleMs = options.settleMs ?? (isLoopback(options.target) ? 1000 : 15_000);
  const keysCreated: string[] = [];
  const stateErrors: string[] = [];
  let counter = 0;
  const stateHandlers = {
    'a project the credentials may create keys in': async () => ({
      projectId: options.projectId,
      alias: `${runTag}-${counter++}`,
    }),
    'a key exists in the project': async () => {
      const created = await client
        .call('create-key', { key_alias: `${runTag}-${counter++}`, key_spec: 'AES_256' })
        .catch((error: unknown) => {
          // The state could not be set up for a reason of transport: an error of the run, not a mismatch.
          if (error instanceof TransportError) stateErrors.push(`state "a key exists": ${error.message}`);
          throw error;
        });
      const keyId = (created.json as { key_info?: { key_id?: string } } | undefined)?.key_info?.key_id;
      if (created.status !== 200 || !keyId)
        throw new Error(
          `state "a key exists": create-key answered ${created.status} ${created.text.slice(0, 200)}`,
        );
      keysCreated.push(keyId);
      // The interaction reads the key: on a real cloud a new key takes a moment to show (see settle.ts).
      await settle(() => client.call('describe-key', { key_id: keyId }), notSettled, settleMs);
      return { projectId: options.projectId, keyId };
    },
  };
  const verifier = new Verifier({
    provider: providerName,
    // The verifier talks to the guard proxy only; the proxy talks to the provider.
    providerBaseUrl: proxy.url,
    logLevel: 'warn',
    // The proxy answers within timeoutMs; the verifier waits a little longer, so it never gives up first.
    timeout: limits.timeoutMs + 5_000,
    stateHandlers,
    ...(options.pactFile && !options.broker && { pactUrls: [options.pactFile] }),
    ...(options.broker && {
      pactBrokerUrl: options.broker.url,
      providerVersion: options.broker.providerVersion,
      ...(options.broker.providerBranch !== undefined && {
        providerVersionBranch: options.broker.providerBranch,
      }),
      publishVerificationResult: options.broker.publishResults,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      ...brokerCredentials(),
    }),
  });
  let outcome: { ok: boolean; mismatches: string[] };
  const errors: string[] = [];
  const verification = verifier.verifyProvider();
  try {
    await withDeadline(verification, deadline, options.signal);
    outcome = { ok: true, mismatches: [] };
  } catch (error) {
    if (error instanceof DeadlineError || error instanceof Interrupted) {
      errors.push(error.message);
      await drain(verification);
    }
    outcome = { ok: false, mismatches: mismatchesOf(error).map((m) => redactor.text(m)) };
  }
  errors.unshift(...proxy.errors(), ...stateErrors);
  await proxy.close();
  // The clean-up has limits of its own: it runs after the verification's have stopped it.
  const cleaner = new KmsClient({
    ...clientOptions,
    guard: new RunGuard({ deadline: Date.now() + cleanupMs, retryBudgetMs: cleanupMs / 4, maxSilent: 2 }),
  });
  try {
    return {
      ok: outcome.ok && errors.length === 0,
      mismatches: outcome.mismatches,
      errors: errors.map((e) => redactor.text(e)),
      redirects: proxy.redirects(),
      keysCreated,
      keysCleaned: await cleanUp(cleaner, runTag, keysCreated),
    };
  } finally {
    guard.dispose();
    await Promise.all([client.destroy(), cleaner.destroy()]);
  }
}

class DeadlineError extends KmsctError {
  constructor() {
    super('KMSCT_ERR_STOPPED', 'the verification did not end within its time limit (--max-run-seconds)');
  }
}

class Interrupted extends KmsctError {
  constructor(reason: unknown) {
    super('KMSCT_ERR_STOPPED', `the verification was stopped: ${String(reason)}`);
  }
}

/**
 * The verifier cannot be cancelled: past the deadline, or once interrupted, the verification is abandoned
 * (the CLI then exits) and the clean-up runs.
 */
function withDeadline<T>(work: Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), Math.max(deadline - Date.now(), 0));
    timer.unref();
    onAbort = () => reject(new Interrupted(signal?.reason));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

/**
 * The verifier runs on a thread of Node's pool, and Node joins that pool on exit: a verification abandoned
 * with the process about to exit would hold the exit, and its state changes (answered by this process's event
 * loop, no longer running) would each wait out their timeout. So the abandoned verification is let run out
 * while the loop still turns, fast: the guard, stopped, fails every request the proxy is given and every state.
 */
async function drain(verification: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    verification.catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, drainMs);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Schedules for deletion (7 days) every key the verification made: the state's keys, and those the
 * create-key interactions made with the state's aliases, found through list-keys where the target has it.
 */
async function cleanUp(client: KmsClient, runTag: string, known: readonly string[]): Promise<number> {
  const ids = new Set(known);
  const listed = await client.call('list-keys', { key_spec: 'ALL', limit: '1000' }).catch(() => undefined);
  const details =
    (listed?.json as { key_details?: { key_id: string; key_alias: string }[] } | undefined)?.key_details ??
    [];
  for (const k of details) if (k.key_alias.startsWith(runTag)) ids.add(k.key_id);
  let cleaned = 0;
  for (const keyId of ids) {
    const x = await client
      .call('schedule-key-deletion', { key_id: keyId, pending_days: '7' })
      .catch(() => undefined);
    if (x?.status === 200) cleaned++;
  }
  return cleaned;
}
