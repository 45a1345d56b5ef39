/**
 * Provider verification: replays the consumer pact against any target with the Pact Verifier (the real
 * Rust FFI). Provider states are set up through the target's own API, and a request filter swaps the
 * contract's placeholder token for the real credentials without changing the contract.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Auth, KmsClient } from '../transport/client.js';
import { Redactor } from '../transport/redact.js';
import { signRequest } from '../transport/signing.js';

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
}

export interface VerifyResult {
  readonly ok: boolean;
  /** "<interaction>: <path>: <mismatch>", one per mismatch the verifier reported. */
  readonly mismatches: readonly string[];
  readonly keysCreated: readonly string[];
  /** Keys the run made (states and create-key interactions) that were then scheduled for deletion. */
  readonly keysCleaned: number;
}

interface Mismatch {
  readonly type?: string;
  readonly path?: string;
  readonly mismatch?: string;
}

/** The verifier rejects with a JSON document; pull the mismatches out of it, or keep the text. */
export function mismatchesOf(error: unknown): string[] {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(message) as {
      errors?: {
        interaction?: string | { description?: string };
        mismatch?: { mismatches?: Mismatch[]; message?: string };
      }[];
    };
    const found = (parsed.errors ?? []).flatMap((e) => {
      // "Verifying a pact between A and B Given <state> - <description>": keep the description.
      const where =
        typeof e.interaction === 'string'
          ? e.interaction.replace(/^.* - /, '')
          : (e.interaction?.description ?? 'interaction');
      const list = e.mismatch?.mismatches ?? [];
      return list.length > 0
        ? list.map((m) => `${where}: ${m.path ?? m.type ?? ''}: ${m.mismatch ?? ''}`)
        : [`${where}: ${e.mismatch?.message ?? 'failed'}`];
    });
    if (found.length > 0) return found;
  } catch {
    // not JSON: fall through
  }
  return [message];
}

interface FilterRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
}

export class PactConfigError extends Error {
  readonly code = 'KMSCT_ERR_PACT';
}

export async function verifyPact(options: VerifyOptions): Promise<VerifyResult> {
  if (!options.broker && (!options.pactFile || !existsSync(options.pactFile))) {
    throw new PactConfigError(
      `--pact-file must be a readable pact file, but received ${JSON.stringify(options.pactFile)}`,
    );
  }
  process.env.PACT_DO_NOT_TRACK = 'true';
  const { Verifier } = await import('@pact-foundation/pact');
  const client = new KmsClient({
    baseUrl: options.target,
    projectId: options.projectId,
    auth: options.auth,
    insecure: options.insecure === true,
  });
  const runTag = `kmsct-pact-${randomBytes(3).toString('hex')}`;
  const keysCreated: string[] = [];
  const target = new URL(options.target);
  // The verifier's proxy is express with body-parser: a JSON body arrives parsed and is re-serialised
  // with JSON.stringify, so that is the text to sign.
  const requestFilter = (req: FilterRequest, _res: unknown, next: () => void) => {
    // Only requests that carry the contract's token get credentials: "403 without a token" stays so.
    if (req.headers['x-auth-token'] !== undefined) {
      if (options.auth.kind === 'token') req.headers['x-auth-token'] = options.auth.token;
      else {
        delete req.headers['x-auth-token'];
        const body =
          req.body === undefined || Buffer.isBuffer(req.body)
            ? String(req.body ?? '')
            : JSON.stringify(req.body);
        const signed = signRequest({
          ak: options.auth.ak,
          sk: options.auth.sk,
          method: req.method,
          url: new URL(req.originalUrl, target),
          headers: { 'content-type': 'application/json', 'X-Project-Id': options.projectId },
          body,
        });
        for (const [k, v] of Object.entries(signed)) req.headers[k.toLowerCase()] = v;
        req.headers['content-length'] = String(Buffer.byteLength(body));
      }
    }
    next();
  };
  let counter = 0;
  const stateHandlers = {
    'a project the credentials may create keys in': async () => ({
      projectId: options.projectId,
      alias: `${runTag}-${counter++}`,
    }),
    'a key exists in the project': async () => {
      const created = await client.call('create-key', {
        key_alias: `${runTag}-${counter++}`,
        key_spec: 'AES_256',
      });
      const keyId = (created.json as { key_info?: { key_id?: string } } | undefined)?.key_info?.key_id;
      if (created.status !== 200 || !keyId)
        throw new Error(
          `state "a key exists": create-key answered ${created.status} ${created.text.slice(0, 200)}`,
        );
      keysCreated.push(keyId);
      return { projectId: options.projectId, keyId };
    },
  };
  const verifier = new Verifier({
    provider: providerName,
    providerBaseUrl: options.target,
    logLevel: 'warn',
    changeOrigin: true,
    validateSSL: options.insecure !== true,
    stateHandlers,
    requestFilter,
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
  const redactor = new Redactor(options.auth.kind === 'token' ? [options.auth.token] : [options.auth.sk]);
  let outcome: { ok: boolean; mismatches: string[] };
  try {
    await verifier.verifyProvider();
    outcome = { ok: true, mismatches: [] };
  } catch (error) {
    outcome = { ok: false, mismatches: mismatchesOf(error).map((m) => redactor.text(m)) };
  }
  try {
    return { ...outcome, keysCreated, keysCleaned: await cleanUp(client, runTag, keysCreated) };
  } finally {
    await client.close();
  }
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

/** PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD (the variables Pact's own tools read). */
export function brokerCredentials(env: NodeJS.ProcessEnv = process.env): {
  pactBrokerToken?: string;
  pactBrokerUsername?: string;
  pactBrokerPassword?: string;
} {
  if (env.PACT_BROKER_TOKEN) return { pactBrokerToken: env.PACT_BROKER_TOKEN };
  if (env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD)
    return { pactBrokerUsername: env.PACT_BROKER_USERNAME, pactBrokerPassword: env.PACT_BROKER_PASSWORD };
  return {};
}
