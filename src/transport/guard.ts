/**
 * The run's limits on the target's behaviour, shared by every client of a process and, through a stop file,
 * by every process of the run: a deadline for the whole run, a budget of time spent waiting on Retry-After,
 * and a count of requests in a row that got no answer. Once a limit is reached, requests fail at once with a
 * coded error: the run ends, bounded, and the checks it could not finish are errors, never failures.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TransportError } from './errors.js';

export interface GuardLimits {
  /** Epoch milliseconds after which no request is sent. */
  readonly deadline?: number;
  /** Milliseconds the run may spend waiting on Retry-After, in all. */
  readonly retryBudgetMs: number;
  /** Requests in a row without an answer (timeouts, resets) before the target is taken to have stopped. */
  readonly maxSilent: number;
  /** A file that tells every process of the run that it has stopped, and why. */
  readonly stopFile?: string;
  /** Aborted when the run is interrupted (SIGINT, SIGTERM): it stops at once. */
  readonly signal?: AbortSignal;
  /**
   * A file where every process of the run adds the time it waits on Retry-After, so that the retry budget is
   * the run's, not each worker's.
   */
  readonly retryLedger?: string;
  /** Told about a long wait, so that a person watching knows why nothing happens. */
  readonly notice?: (message: string) => void;
}

const stopCheckMs = 200;

export class RunGuard {
  #retryLeft: number;
  #silent = 0;
  #stopped: string | undefined;
  #checkedAt = 0;

  readonly #onAbort = () => this.stop(String(this.limits.signal?.reason));

  constructor(readonly limits: GuardLimits) {
    this.#retryLeft = limits.retryBudgetMs;
    const { signal } = limits;
    if (signal?.aborted) this.#onAbort();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * Done with: no longer listens to the signal, which outlives it (a gallery's runs share one), so that a later
   * interruption neither writes into a run's removed state folder nor piles up listeners.
   */
  dispose(): void {
    this.limits.signal?.removeEventListener('abort', this.#onAbort);
  }

  /** Throws when the run has stopped (here or in another process) or its deadline has passed. */
  check(): void {
    if (
      this.#stopped === undefined &&
      this.limits.deadline !== undefined &&
      Date.now() > this.limits.deadline
    )
      this.stop(`the run's time limit (--max-run-seconds) was reached`);
    const now = Date.now();
    if (this.#stopped === undefined && this.limits.stopFile && now - this.#checkedAt > stopCheckMs) {
      this.#checkedAt = now;
      if (existsSync(this.limits.stopFile)) this.#stopped = readFileSync(this.limits.stopFile, 'utf8');
    }
    if (this.#stopped !== undefined)
      throw new TransportError(
        'KMSCT_ERR_STOPPED',
        `no request sent: the run stopped early: ${this.#stopped}`,
      );
  }

  get stopped(): string | undefined {
    return this.#stopped;
  }

  stop(reason: string): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    if (this.limits.stopFile) writeFileSync(this.limits.stopFile, reason);
  }

  answered(): void {
    this.#silent = 0;
  }

  /** A request got no answer; after too many in a row, the run stops. */
  silent(why: string): void {
    if (++this.#silent >= this.limits.maxSilent)
      this.stop(
        `the target stopped answering: ${this.#silent} requests in a row got no answer (last: ${why})`,
      );
  }

  /**
   * Whether a retry may wait `waitMs` for a 429, within the run's retry budget; the budget is charged
   * `chargeMs`, the part of the wait no other request of the process already waits (see Throttle). Undefined
   * when it may not, and the run has stopped: the budget is spent, or the target asked (Retry-After) for a
   * wait longer than what is left of it, which no wait within the budget can satisfy.
   */
  retryWait(
    waitMs: number,
    o: { readonly chargeMs?: number; readonly retryAfter: boolean },
  ): number | undefined {
    const ledger = this.limits.retryLedger;
    if (ledger !== undefined)
      this.#retryLeft =
        this.limits.retryBudgetMs - (existsSync(ledger) ? spentIn(readFileSync(ledger, 'utf8')) : 0);
    const budget = `--retry-budget-seconds ${Math.round(this.limits.retryBudgetMs / 1000)}`;
    // Spent: the target throttles past what the run may wait, and every further request would be refused
    // too, so the run stops rather than keep knocking.
    if (this.#retryLeft <= 0) {
      this.stop(`the target kept throttling (429) after the run had waited all of ${budget}`);
      return undefined;
    }
    if (o.retryAfter && waitMs > this.#retryLeft) {
      const back = new Date(Date.now() + waitMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      this.stop(
        `the target asked to wait ${seconds(waitMs)} s (429 Retry-After), more than the ${seconds(this.#retryLeft)} s left of ${budget}: come back after ${back}`,
      );
      return undefined;
    }
    // What the wait adds is cut to what is left of the budget; the part other requests already wait is free.
    const asked = Math.min(o.chargeMs ?? waitMs, waitMs);
    const charge = Math.min(asked, this.#retryLeft);
    const wait = waitMs - (asked - charge);
    this.#retryLeft -= charge;
    if (ledger !== undefined && charge > 0) appendFileSync(ledger, `${charge}\n`);
    if (charge >= 1000)
      this.limits.notice?.(
        `the target answered 429: pausing ${seconds(wait)} s (${o.retryAfter ? 'its Retry-After' : 'backoff'}) and slowing down; ${seconds(this.#retryLeft)} s of ${budget} left`,
      );
    return wait;
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

const spentIn = (text: string) => text.split('\n').reduce((sum, line) => sum + (Number(line) || 0), 0);

/** A guard with no limits but the retry budget: for tools and tests that make a few requests. */
export const looseGuard = () => new RunGuard({ retryBudgetMs: 60_000, maxSilent: Number.POSITIVE_INFINITY });
