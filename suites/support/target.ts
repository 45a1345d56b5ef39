/**
 * The target as one suite file sees it, for one run: its clients, the run's limits and key budget, fresh
 * values, and a create that respects --max-keys, records every key it makes and every alias refused, and
 * judges every answer by the rules every answer keeps. One instance per file and run: nothing of a run lives
 * in a module, so one worker can judge several runs (the gallery's plants) side by side.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { keyInfoOf, notSettled } from '../../src/catalogue/answers.js';
import { classify } from '../../src/catalogue/oracle.js';
import type { Edition } from '../../src/catalogue/types.js';
import { KeyBudget } from '../../src/config/budget.js';
import type { RunContext } from '../../src/config/run-context.js';
import {
  appendState,
  appendStates,
  type CreatedKey,
  type RefusedAlias,
  refusal,
} from '../../src/config/state.js';
import { KmsctError } from '../../src/errors.js';
import type { Finding } from '../../src/findings/finding.js';
import { type Skip, skipped } from '../../src/findings/skips.js';
import type { Fresh } from '../../src/generators/derive.js';
import { brokenRules, verdicts } from '../../src/judge/answers.js';
import { compareDescribed, mismatchFindings } from '../../src/judge/described.js';
import { addTallies } from '../../src/transport/answer-tally.js';
import { type Captured, credentialsOf } from '../../src/transport/capture.js';
import { type Auth, type CallOptions, type Exchange, KmsClient } from '../../src/transport/client.js';
import { toEvidence } from '../../src/transport/evidence.js';
import { RunGuard } from '../../src/transport/guard.js';
import { settle, settledNote } from '../../src/transport/settle.js';

/** Thrown when a request could create a key and the budget says no: the check ends as a budget skip. */
export class KeyBudgetExhausted extends KmsctError {
  constructor(readonly why: Skip) {
    super('KMSCT_ERR_STOPPED', why.reason);
  }
}

export interface CreateOptions extends CallOptions {
  /** The request is meant to create a key: it takes a --max-keys slot first. */
  readonly expectKey?: boolean;
  readonly client?: KmsClient;
  /** The check looks up this refusal itself (CK-REJECT-NO-SIDE-EFFECT): the run's end need not. */
  readonly refusalJudgedHere?: boolean;
}

/** Where a request's findings go: the check that sent it, named for the findings it carries. */
export interface Recorder {
  /** The check's title: findings it carries for other requirements are named by it. */
  readonly title: string;
  record(...findings: readonly Finding[]): void;
  /** The exchange, as evidence for an error of the check. */
  saw(x: Exchange): void;
}

export class Target {
  readonly edition: Edition;
  readonly budget: KeyBudget;
  readonly fresh: Fresh;
  readonly #guard: RunGuard;
  /** Every secret of the run: a client with other credentials must still redact what the target echoes. */
  readonly #secrets: (string | undefined)[];
  readonly #clients: KmsClient[] = [];
  #client: KmsClient | undefined;
  readonly #refused: RefusedAlias[] = [];
  #aliases = 0;
  readonly #tag = Math.random().toString(36).slice(2, 6);

  constructor(
    readonly run: RunContext,
    /** The suite file: its request count is reported under this name. */
    readonly file: string,
  ) {
    this.edition = run.edition;
    this.#guard = new RunGuard({
      deadline: run.limits.deadline,
      retryBudgetMs: run.limits.retryBudgetMs,
      maxSilent: run.limits.maxSilent,
      stopFile: join(run.stateDir, 'stopped'),
      retryLedger: join(run.stateDir, 'retry-waits'),
      notice: (m) => {
        if (!run.quiet) process.stderr.write(`kms-conformance: ${m}\n`);
      },
    });
    this.#secrets = [run.auth.kind === 'token' ? run.auth.token : undefined, run.aksk?.sk];
    this.budget = new KeyBudget(run.stateDir, run.limits.maxKeys);
    this.fresh = {
      alias: () => this.freshAlias(),
      digits: () => `8${randomInt(10 ** 13, 10 ** 14 - 1)}`,
      sequence: () => randomUUID(),
    };
  }

  /** A fresh alias that starts with the run id: unique in the run, and recognisable for clean-up. */
  freshAlias(tag = 'k'): string {
    return `${this.run.aliasPrefix}-${this.#tag}${tag}${this.#aliases++}`;
  }

  /** The file's client with the run's primary credentials. */
  kms(): KmsClient {
    this.#client ??= this.#newClient(this.run.auth);
    return this.#client;
  }

  /** A client with other credentials; closed with the file. */
  clientWith(auth: Auth): KmsClient {
    return this.#newClient(auth);
  }

  #newClient(auth: Auth): KmsClient {
    const client = new KmsClient({
      guard: this.#guard,
      secrets: this.#secrets,
      baseUrl: this.run.target.url,
      projectId: this.run.target.projectId,
      auth,
      timeoutMs: this.run.limits.timeoutMs,
      maxResponseBytes: this.run.limits.maxResponseBytes,
      rate: this.run.limits.rate,
      insecure: this.run.target.insecure,
      connections: 64,
      ...(this.run.target.ca !== undefined && { ca: this.run.target.ca }),
      ...(this.run.record && {
        capture: {
          own: credentialsOf(this.run.auth, this.run.target.projectId, this.run.aksk),
          write: (c: Captured) => appendState(this.run.stateDir, 'exchanges', c),
        },
      }),
    });
    this.#clients.push(client);
    return client;
  }

  /**
   * POST create-key. Every answer is judged by the rules every answer keeps, every key is recorded and, made
   * from a valid body with the run's own credentials, described and compared. A request meant to create a
   * key takes a planned slot; any other may still create one on a target that wrongly accepts it: such keys
   * take unplanned slots, and once those are gone, requests that could create a key are not sent, so a faulty
   * target cannot run a live account into its quota.
   */
  async create(by: Recorder, body: unknown, options: CreateOptions = {}): Promise<Exchange> {
    const slot = options.expectKey ? this.budget.take('planned') : undefined;
    if (options.expectKey && slot === undefined)
      throw new KeyBudgetExhausted(
        skipped.budget(`--max-keys ${this.run.limits.maxKeys} keys already planned or created`),
      );
    if (!options.expectKey && this.budget.unplannedFull())
      throw new KeyBudgetExhausted(
        skipped.budget(
          `the target has created ${this.run.limits.maxKeys} keys for requests it should have refused; no more requests that could create one are sent`,
        ),
      );
    const client = options.client ?? this.kms();
    let x: Exchange;
    try {
      x = await client.call('create-key', body, options);
    } catch (error) {
      if (slot) this.budget.give(slot);
      throw error;
    }
    by.saw(x);
    const success = x.status >= 200 && x.status < 300;
    if (!success && slot) this.budget.give(slot);
    if (success && !options.expectKey) this.budget.take('unplanned');
    const evidence = toEvidence(x);
    by.record(...brokenRules(verdicts(x, this.edition), by.title, [evidence]));
    const sent = safeParse(x.request.body) as { key_alias?: unknown; sequence?: unknown } | undefined;
    const alias = typeof sent?.key_alias === 'string' ? sent.key_alias : '';
    const info = keyInfoOf(x);
    if (info)
      appendState(this.run.stateDir, 'keys', {
        keyId: info.key_id,
        alias,
        domainId: info.domain_id,
        test: by.title,
        ...(typeof sent?.sequence === 'string' && { sequence: sent.sequence }),
        evidence,
      } satisfies CreatedKey);
    if (!success && alias !== '' && !options.refusalJudgedHere)
      this.#refused.push(refusal(alias, by.title, x));
    // A key made from a valid body with the run's own credentials must show what it was made with; one a
    // faulty target made from a body it had to refuse is that check's failure, not this one's.
    const own =
      options.client === undefined && options.projectId === undefined && options.rawBody === undefined;
    if (info && own && classify(body, this.edition).expect !== 'refuse')
      await this.#describe(by, body, info, evidence);
    return x;
  }

  /** describe-key of a key a check made, compared with the body that made it. */
  async #describe(
    by: Recorder,
    body: unknown,
    created: { key_id: string; domain_id: string },
    createdEvidence: ReturnType<typeof toEvidence>,
  ): Promise<void> {
    if (!this.run.capabilities.describeKey.supported || typeof body !== 'object' || body === null) return;
    const { exchange: described, timeline } = await settle(
      () => this.kms().call('describe-key', { key_id: created.key_id }),
      notSettled,
      this.run.limits.settleMs,
    );
    const evidence = [createdEvidence, toEvidence(described, timeline)];
    const mismatches =
      described.status === 200
        ? compareDescribed(body as Record<string, unknown>, created, described.json, this.edition)
        : [
            {
              id: 'CK-DESCRIBE-ECHO',
              attribute: 'status',
              expected: `200${settledNote(timeline) === '' ? '' : ` within --settle-ms ${this.run.limits.settleMs}`}`,
              received: described.status,
            },
          ];
    by.record(...mismatchFindings(mismatches, by.title, evidence));
  }

  /** Any other operation: no rule of create-key applies to its answer. */
  call(operation: string, body: unknown, options: CallOptions = {}): Promise<Exchange> {
    return this.kms().call(operation, body, options);
  }

  /** The end of the file: its refused aliases and request count for the run's end, its clients closed. */
  async close(): Promise<void> {
    if (this.#refused.length > 0) appendStates(this.run.stateDir, 'refused', this.#refused.splice(0));
    appendState(this.run.stateDir, 'requests', {
      file: this.file,
      requests: this.#clients.reduce((n, c) => n + c.attempts, 0),
      retries: this.#clients.reduce((n, c) => n + c.retried, 0),
      ...addTallies(this.#clients.map((c) => c.tally)),
    });
    await Promise.all(this.#clients.map((c) => c.close()));
    this.#clients.length = 0;
    this.#client = undefined;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
