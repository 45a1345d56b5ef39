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

  /** How long to wait before a retry the target asked for, or undefined when the retry budget is spent. */
  retryWait(askedMs: number): number | undefined {
    const ledger = this.limits.retryLedger;
    if (ledger !== undefined)
      this.#retryLeft =
        this.limits.retryBudgetMs - (existsSync(ledger) ? spentIn(readFileSync(ledger, 'utf8')) : 0);
    // Spent: the target throttles past what the run may wait, and every further request would be refused
    // too, so the run stops rather than keep knocking.
    if (this.#retryLeft <= 0) {
      this.stop(
        `the target kept throttling (429) after ${Math.round(this.limits.retryBudgetMs / 1000)} s of waiting on Retry-After (--retry-budget-seconds)`,
      );
      return undefined;
    }
    const wait = Math.min(askedMs, this.#retryLeft);
    this.#retryLeft -= wait;
    if (ledger !== undefined) appendFileSync(ledger, `${wait}\n`);
    if (wait >= 1000)
      this.limits.notice?.(
        `the target answered 429: waiting ${(wait / 1000).toFixed(1)} s before retrying; ${Math.round(this.#retryLeft / 1000)} s of --retry-budget-seconds left`,
      );
    return wait;
  }
}

const spentIn = (text: string) => text.split('\n').reduce((sum, line) => sum + (Number(line) || 0), 0);

/** A guard with no limits but the retry budget: for tools and tests that make a few requests. */
export const looseGuard = () => new RunGuard({ retryBudgetMs: 60_000, maxSilent: Number.POSITIVE_INFINITY });
