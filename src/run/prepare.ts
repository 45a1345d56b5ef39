/**
 * Makes a run's target ready: starts the embedded reference when there is no target, runs the start-up
 * checks, plans the keys and runs the key phase. What it hands over is the context the suites read, and a
 * `finish` that finds keys left by refusals and schedules every key for deletion.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirement } from '../catalogue/index.js';
import { familiesOf, type Shard } from '../catalogue/shards.js';
import type { Edition } from '../catalogue/types.js';
import { KeyBudget } from '../config/budget.js';
import type { RunContext } from '../config/run-context.js';
import type { RunOptions } from '../config/run-options.js';
import { appendState, type CleanedKey, type CreatedKey, readState } from '../config/state.js';
import type { Finding } from '../findings/finding.js';
import { domainIdStable, keyIdsUnique } from '../judge/keys.js';
import { planKeys } from '../plan/planner.js';
import { type ReferenceServer, startReferenceServer } from '../reference/server.js';
import { addTallies, type Tally } from '../transport/answer-tally.js';
import { type Captured, credentialsOf, withCase } from '../transport/capture.js';
import { type Auth, type ClientOptions, KmsClient } from '../transport/client.js';
import { RunGuard } from '../transport/guard.js';
import { isLoopback } from '../transport/loopback.js';
import { cleanUp, dedupe } from './cleanup.js';
import { runKeyPhase } from './key-phase.js';
import { preflight, probeDescribe, probeList } from './probes.js';
import { lookUpAccount } from './side-effects.js';

export { RunError } from './probes.js';

/** A run's target made ready: the context for the suites, and what to undo afterwards. */
export interface PreparedRun {
  readonly context: RunContext;
  readonly reference?: ReferenceServer;
  /** Requests the start-up checks, the key phase and the clean-up sent. */
  readonly requests: () => number;
  /** What the answers to those requests showed: statuses and codes, counted. */
  readonly answers: () => Tally;
  /**
   * Judges what only the end of the run can see (keys left by refusals, the run's keys together) and
   * schedules every key for deletion; `graceMs` bounds it (an interrupted run has little time).
   */
  finish(graceMs?: number): Promise<{ created: CreatedKey[]; cleaned: CleanedKey[]; findings: Finding[] }>;
}

/** How long the clean-up may take at most: it must end even when the target has gone silent. */
const cleanupMs = 60_000;

interface Target {
  readonly url: string;
  readonly projectId: string;
  readonly auth: Auth;
  readonly aksk?: { readonly ak: string; readonly sk: string };
  readonly reference?: ReferenceServer;
}

async function targetOf(options: RunOptions): Promise<Target> {
  if (options.target === undefined) {
    const aksk = {
      ak: `AKREF${randomBytes(8).toString('hex').toUpperCase()}`,
      sk: randomBytes(20).toString('base64url'),
    };
    const reference = await startReferenceServer({
      edition: options.edition,
      faults: options.faults,
      ...aksk,
      ...(options.inProcess && { inProcess: true }),
      ...(options.profile && { profile: options.profile }),
    });
    return {
      url: reference.url,
      projectId: reference.projectId,
      auth: { kind: 'token', token: reference.token },
      aksk,
      reference,
    };
  }
  const aksk =
    options.ak !== undefined && options.sk !== undefined ? { ak: options.ak, sk: options.sk } : undefined;
  return {
    url: options.target,
    projectId: options.projectId ?? '',
    auth:
      options.token !== undefined
        ? { kind: 'token', token: options.token }
        : { kind: 'aksk', ...(aksk as { ak: string; sk: string }) },
    ...(aksk && { aksk }),
  };
}

export interface PrepareControl {
  /** When the run started: its time limit counts from there. */
  readonly startedAt?: number;
  /** Aborted on SIGINT or SIGTERM: requests stop at once, and the run goes on to its clean-up. */
  readonly signal?: AbortSignal;
}

/** The end of the run, in a recording: its look-up of the account and its clean-up. */
const runEnd = (kase: string) => ({ requirement: 'run-end', case: kase });

export async function prepareRun(options: RunOptions, control: PrepareControl = {}): Promise<PreparedRun> {
  const startedAt = control.startedAt ?? Date.now();
  const target = await targetOf(options);
  const loopback = isLoopback(target.url);
  const ca = options.caFile !== undefined ? readFileSync(options.caFile, 'utf8') : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-'));
  const limits = {
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    rate: options.rate ?? (loopback ? 0 : 10),
    maxKeys: options.maxKeys ?? (loopback ? 0 : 10),
    concurrency: options.concurrency,
    deadline: startedAt + options.maxRunSeconds * 1000,
    retryBudgetMs: options.retryBudgetSeconds * 1000,
    maxSilent: options.maxSilent,
    // The real service shows a new key after a few seconds (terraform waits 10 s, then polls every 3 s).
    settleMs: options.settleMs ?? (loopback ? 1000 : 15_000),
  };
  const secrets = [target.auth.kind === 'token' ? target.auth.token : undefined, target.aksk?.sk];
  const clientOptions: ClientOptions = {
    baseUrl: target.url,
    projectId: target.projectId,
    auth: target.auth,
    timeoutMs: limits.timeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    insecure: options.insecure,
    rate: limits.rate,
    secrets,
    guard: new RunGuard({
      ...limits,
      stopFile: join(dir, 'stopped'),
      retryLedger: join(dir, 'retry-waits'),
      notice: (m) => {
        if (!options.quiet) process.stderr.write(`kms-conformance: ${m}\n`);
      },
      ...(control.signal && { signal: control.signal }),
    }),
    ...(ca !== undefined && { ca }),
    ...(options.record !== undefined && {
      capture: {
        own: credentialsOf(target.auth, target.projectId, target.aksk),
        write: (c: Captured) => appendState(dir, 'exchanges', c),
      },
    }),
  };
  const client = new KmsClient(clientOptions);
  let cleanupRequests = 0;
  const tallies: Tally[] = [];
  // Known once the start-up checks pass; until then the run has made no key to look for.
  let aliasPrefix: string | undefined;
  let listKeys = false;
  // The clean-up has limits of its own: it runs after the run's have stopped it, and must end too.
  const finish = async (graceMs = cleanupMs) => {
    const cleaner = new KmsClient({
      ...clientOptions,
      guard: new RunGuard({
        deadline: Date.now() + graceMs,
        // As patient with a throttling target as the run was allowed to be, and no more.
        retryBudgetMs: Math.min(graceMs / 4, limits.retryBudgetMs),
        maxSilent: 2,
      }),
    });
    try {
      // A look-up the target does not answer leaves the requirement to the checks that ran; the clean-up
      // still runs.
      const left =
        listKeys && aliasPrefix !== undefined
          ? await withCase(runEnd('look-up'), () => lookUpAccount(cleaner, dir, aliasPrefix as string)).catch(
              () => [],
            )
          : [];
      const all = readState<CreatedKey>(dir, 'keys');
      const findings = [...left, ...keyIdsUnique(all), ...domainIdStable(all)];
      const created = dedupe(all);
      const cleaned = await withCase(runEnd('clean-up'), () => cleanUp(cleaner, created, limits.settleMs));
      for (const c of cleaned) appendState(dir, 'cleaned', c);
      return { created, cleaned, findings };
    } finally {
      cleanupRequests = cleaner.attempts;
      tallies.push(cleaner.tally);
      clientOptions.guard?.dispose();
      await Promise.all([cleaner.close(), client.close(), target.reference?.close()]);
    }
  };
  try {
    const startUp = (kase: string) => ({ requirement: 'start-up', case: kase });
    await withCase(startUp('create-key {}'), () => preflight(client));
    const capabilities = {
      describeKey: await withCase(startUp('describe-key of an absent key'), () => probeDescribe(client)),
      listKeys: await withCase(startUp('list-keys'), () => probeList(client)),
    };
    listKeys = capabilities.listKeys.supported;
    const runId = options.runId ?? `kmsct-${randomBytes(3).toString('hex')}`;
    // Every alias of this process's run starts with it: a random part keeps two runs of one --run-id (shards,
    // a job run again) apart, and the end of the run finds its own keys by it.
    aliasPrefix = `${runId}-${randomBytes(2).toString('hex')}`;
    writeRunState(dir, {
      runId,
      aliasPrefix,
      target: target.url,
      projectId: target.projectId,
      pid: process.pid,
    });
    const plan = planKeys({
      edition: options.edition,
      maxKeys: limits.maxKeys,
      concurrency: limits.concurrency,
      aksk: target.aksk !== undefined,
      describe: capabilities.describeKey.supported,
      selected: selector(options.grep, options.shard, options.edition),
    });
    const signer = target.aksk && new KmsClient({ ...clientOptions, auth: { kind: 'aksk', ...target.aksk } });
    const keys = await runKeyPhase({
      plan,
      client,
      ...(signer && { signer }),
      edition: options.edition,
      aliasPrefix,
      stateDir: dir,
      budget: new KeyBudget(dir, limits.maxKeys),
      describe: capabilities.describeKey.supported,
      concurrency: limits.concurrency,
      settleMs: limits.settleMs,
    }).finally(() => signer?.close());
    const context: RunContext = {
      runId,
      aliasPrefix,
      target: {
        url: target.url,
        projectId: target.projectId,
        embedded: target.reference !== undefined,
        loopback,
        insecure: options.insecure,
        ...(ca !== undefined && { ca }),
      },
      auth: target.auth,
      ...(target.aksk && { aksk: target.aksk }),
      edition: options.edition,
      seed: options.seed ?? randomInt(2 ** 31 - 1),
      numRuns: options.numRuns,
      limits,
      capabilities,
      stateDir: dir,
      keys,
      ...(options.quiet && { quiet: true }),
      ...(options.record !== undefined && { record: true }),
    };
    return {
      context,
      ...(target.reference && { reference: target.reference }),
      requests: () => client.attempts + cleanupRequests,
      answers: () => addTallies([client.tally, ...(signer ? [signer.tally] : []), ...tallies]),
      finish,
    };
  } catch (error) {
    // Whatever went wrong, keys already made are scheduled for deletion.
    await finish(cleanupMs).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Which requirements a --grep pattern selects: by id, or by id and title. */
/** The requirements a run checks: those --grep matches, of the families of its shard. */
export function selector(
  grep: string | undefined,
  shard?: Shard,
  edition: Edition = 'seed',
): (id: string) => boolean {
  const pattern = grep !== undefined ? new RegExp(grep) : undefined;
  const mine = shard ? familiesOf(edition, shard) : undefined;
  return (id) =>
    (!mine || mine.has(requirement(id).family)) &&
    (!pattern || pattern.test(id) || pattern.test(`${id} ${requirement(id).title}`));
}

/**
 * What the state folder says of its run, for `kms-conformance cleanup` when the run was killed and its own
 * clean-up never ran: its id, its alias prefix, its target. The folder is removed when a run ends.
 */
export interface RunState {
  readonly runId: string;
  readonly aliasPrefix: string;
  readonly target: string;
  readonly projectId: string;
  readonly pid: number;
}

export const runStateFile = 'run.json';

function writeRunState(dir: string, state: RunState): void {
  writeFileSync(join(dir, runStateFile), `${JSON.stringify(state)}\n`);
}

export function removeState(context: RunContext): void {
  rmSync(context.stateDir, { recursive: true, force: true });
}
