/**
 * Sends the creates of the key phase: builds each body from its facets with fresh values, takes a key slot
 * per request that may create a key, records every answer as a fact, judges it with the always-on answer
 * rules, and records each key it made for the report and the clean-up.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { codeOf, isSuccess, keyInfoOf } from '../catalogue/answers.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import type { KeyBudget } from '../config/budget.js';
import { appendState, refusal } from '../config/state.js';
import { errorCodeOf } from '../errors.js';
import type { Fresh } from '../generators/derive.js';
import { verdicts } from '../judge/answers.js';
import type { KeyFact, SendFact, Unanswered } from '../judge/facts.js';
import type { MadeKey } from '../judge/keys.js';
import type { SendOutcome } from '../plan/attribution.js';
import { bodyWith } from '../plan/facets.js';
import type { Facet } from '../plan/types.js';
import { withCase } from '../transport/capture.js';
import type { Exchange, KmsClient } from '../transport/client.js';
import { TransportError, type UnansweredRequest } from '../transport/errors.js';
import { toEvidence, unansweredEvidence } from '../transport/evidence.js';

export interface SenderOptions {
  readonly client: KmsClient;
  /** The same target with AK/SK signing, when the run has AK/SK. */
  readonly signer?: KmsClient;
  readonly edition: Edition;
  /** What every alias of the run starts with. */
  readonly aliasPrefix: string;
  readonly stateDir: string;
  readonly budget: KeyBudget;
}

export interface SendRequest {
  readonly create: string;
  readonly facets: readonly Facet[];
  readonly why: string;
  /** Send under this alias instead (the duplicate-alias probe). */
  readonly alias?: string;
  readonly group?: string;
  /** Send this many copies at once (the race of one alias). */
  readonly copies?: number;
}

export interface SendResult {
  readonly outcome: SendOutcome;
  /** Indexes of the sends in `facts.sends`. */
  readonly sends: readonly number[];
  /** Why nothing was decided: no key slot left (this create), or a reason the whole phase must stop. */
  readonly stop?: { readonly reason: string; readonly phase: boolean };
}

const padding = ' '.repeat(1024 * 1024);
/** Errors after which the request surely made no key: its slot is given back. */
const surelyNoKey = new Set(['KMSCT_ERR_UNREACHABLE', 'KMSCT_ERR_TLS', 'KMSCT_ERR_THROTTLED']);
/** Candidates tried for a value that cannot carry the run prefix, when a live account already holds one. */
const maxFixedAttempts = 20;

export class Sender {
  readonly sends: SendFact[] = [];
  readonly keys: KeyFact[] = [];
  /** The first sequence of the run that created a key: what a replayed-sequence rider sends. */
  firstSequence: string | undefined;
  #count = 0;
  readonly fresh: Fresh;

  constructor(private readonly o: SenderOptions) {
    const base = randomInt(1_000, 9_999);
    this.fresh = {
      alias: () => `${o.aliasPrefix}-k${this.#count++}`,
      // 15 digits: a safe integer whose decimal form is a valid alias no other run makes.
      digits: () =>
        `7${base}${String(Date.now() % 1e6).padStart(6, '0')}${String(this.#count++ % 1000).padStart(3, '0')}`,
      sequence: () => randomUUID(),
    };
  }

  /** The JSON body of a set of facets, with the run's sequence for a replay rider. */
  body(facets: readonly Facet[], attempt: number, alias?: string): Record<string, unknown> {
    const body = bodyWith(facets, this.fresh, attempt);
    if (alias !== undefined) body.key_alias = alias;
    if (facets.some((f) => f.repeatsSequence) && this.firstSequence !== undefined)
      body.sequence = this.firstSequence;
    return body;
  }

  /** Sends one create of the plan; its exchanges are the create's case in a recording of the run. */
  send(req: SendRequest): Promise<SendResult> {
    return withCase(keyPhaseCase(req.create), () => this.#send(req));
  }

  async #send(req: SendRequest): Promise<SendResult> {
    const fixed = req.facets.some((f) => f.fixed) && req.alias === undefined;
    for (let attempt = 0; ; attempt++) {
      const result = await this.#sendOnce(req, attempt);
      const last = this.sends[result.sends.at(-1) ?? -1];
      // A value without the run prefix that a live account already holds (an earlier run): the next one.
      if (fixed && last?.code === 'KMS.1104' && result.outcome === 'refused' && attempt < maxFixedAttempts)
        continue;
      return result;
    }
  }

  async #sendOnce(req: SendRequest, attempt: number): Promise<SendResult> {
    const copies = Math.max(req.copies ?? 1, 1);
    const slots: string[] = [];
    for (let i = 0; i < copies; i++) {
      const slot = this.o.budget.take();
      if (slot === undefined) break;
      slots.push(slot);
    }
    if (slots.length === 0)
      return {
        outcome: 'stopped',
        sends: [],
        stop: { reason: `--max-keys ${this.o.budget.max} used up`, phase: false },
      };
    const body = this.body(req.facets, attempt, req.alias);
    const transport = req.facets.find((f) => f.transport)?.transport;
    const client = transport === 'aksk' && this.o.signer ? this.o.signer : this.o.client;
    const text = JSON.stringify(body);
    const rawBody = transport === 'padding' ? `${text.slice(0, -1)}${padding}}` : text;
    const answers = await Promise.all(
      slots.map((_, i) =>
        client.call('create-key', undefined, { rawBody }).then(
          (x) => ({ x, i }),
          (error: unknown) => ({
            unanswered: {
              // An exception that is not ours (a bug) still ends this send, and says so.
              code: errorCodeOf(error) ?? 'KMSCT_ERR_CHECK',
              message: error instanceof Error ? error.message : String(error),
            } satisfies Unanswered,
            request: error instanceof TransportError ? error.request : undefined,
            i,
          }),
        ),
      ),
    );
    const indexes: number[] = [];
    let accepted = false;
    let stop: string | undefined;
    const kept: string[] = [];
    for (const answer of answers) {
      const slot = slots[answer.i] as string;
      const why = slots.length > 1 ? `${req.why} (copy ${answer.i + 1}/${slots.length})` : req.why;
      if ('unanswered' in answer) {
        // No answer: a refusal as far as the search goes, unless the run's limits have stopped it. The
        // slot stays taken unless the request surely made no key: a target that dropped the connection
        // or timed out may have made one, and --max-keys is a promise.
        const { code, message } = answer.unanswered;
        if (surelyNoKey.has(code)) this.o.budget.give(slot);
        indexes.push(this.#record(req, why, undefined, answer.unanswered, answer.request));
        if (code === 'KMSCT_ERR_STOPPED' || code === 'KMSCT_ERR_THROTTLED') stop ??= message;
        continue;
      }
      const { x } = answer;
      const index = this.#record(req, why, x);
      indexes.push(index);
      // Any 2xx is the target saying yes, and may have made a key (a 201 is still a key to clean up).
      if (isSuccess(x.status) && this.#keyOf(req, index, body, x)) {
        accepted = true;
        kept.push(slot);
      } else this.o.budget.give(slot);
      if (!isSuccess(x.status) && typeof body.key_alias === 'string')
        appendState(
          this.o.stateDir,
          'refused',
          refusal(body.key_alias, `key phase: ${req.create} ${why}`, x),
        );
      if (x.status === 429) stop ??= 'the target kept answering 429 (throttled) after the retries';
      if (codeOf(x) === 'KMS.1105') stop ??= "the target's key quota is reached (KMS.1105)";
    }
    // Copies of one alias make one key; more are keys the target should have refused: they count against
    // the unplanned allowance, so the plan's remaining creates keep their slots.
    for (const extra of kept.slice(1)) {
      this.o.budget.give(extra);
      this.o.budget.take('unplanned');
    }
    if (accepted) return { outcome: 'accepted', sends: indexes };
    return stop
      ? { outcome: 'stopped', sends: indexes, stop: { reason: stop, phase: true } }
      : { outcome: 'refused', sends: indexes };
  }

  /**
   * Records a send as a fact. The whole answer is judged here, once, by the rules every answer keeps; what
   * is kept of it is the verdicts and an excerpt, so memory stays bounded whatever the target answers.
   */
  #record(
    req: SendRequest,
    why: string,
    x: Exchange | undefined,
    unanswered?: Unanswered,
    request?: UnansweredRequest,
  ): number {
    const info = keyInfoOf(x);
    const code = x && codeOf(x);
    const fact: SendFact = {
      create: req.create,
      why,
      facets: req.facets.map((f) => f.key),
      status: x?.status ?? 0,
      ...(unanswered !== undefined && { unanswered }),
      ...(code !== undefined && { code }),
      ...(x !== undefined && x.status >= 400 && { envelope: errorEnvelope(x.json) }),
      ...(info && { keyId: info.key_id, domainId: info.domain_id }),
      ...(req.group !== undefined && { group: req.group }),
      rules: x ? verdicts(x, this.o.edition) : [],
      evidence: x
        ? toEvidence(x)
        : request
          ? unansweredEvidence(request, unanswered?.message ?? '')
          : emptyEvidence(why),
    };
    this.sends.push(fact);
    return this.sends.length - 1;
  }

  /** Records the key a 200 made; a key_id the run already has is a replay, not a new key. */
  #keyOf(req: SendRequest, index: number, body: Record<string, unknown>, x: Exchange): boolean {
    const info = keyInfoOf(x);
    if (!info) return false;
    // A key_id the run already has, for the same sequence: an idempotent replay (§7), not a key of its own.
    const earlier = this.keys.find((k) => k.keyId === info.key_id);
    const replay =
      earlier !== undefined && typeof body.sequence === 'string' && earlier.body.sequence === body.sequence;
    this.keys.push({
      keyId: info.key_id,
      domainId: info.domain_id,
      create: req.create,
      send: index,
      body,
      ...(replay && { replayOf: earlier.create }),
    });
    if (typeof body.sequence === 'string') this.firstSequence ??= body.sequence;
    appendState(this.o.stateDir, 'keys', {
      keyId: info.key_id,
      alias: typeof body.key_alias === 'string' ? body.key_alias : '',
      domainId: info.domain_id,
      test: `key phase: ${req.create}`,
      ...(typeof body.sequence === 'string' && { sequence: body.sequence }),
      evidence: toEvidence(x),
    } satisfies MadeKey);
    return !replay;
  }
}

function emptyEvidence(why: string) {
  return {
    request: { method: 'POST', url: '', headers: {}, body: why },
    response: { status: 0, headers: {}, body: '' },
    curl: '',
  };
}

/** The case of a create of the key phase, in a recording: its id in the plan. */
export const keyPhaseCase = (create: string) => ({ requirement: 'key-phase', case: create });
