/**
 * How fast this process sends to one target. Requests are spaced at the run's rate (`--rate`; none on
 * loopback). A 429 cuts the rate to 0.7 of what the target let through in the last second (once per episode:
 * answers to requests sent before the cut say nothing of the new rate); each answer that is not a 429 raises
 * it again, quickly up to near where the last cut came, slowly past it, back to the configured rate. The
 * throttled request itself waits: its Retry-After, which then holds every request to the target, or else a
 * backoff in Huawei's 2–5 s band, doubling per retry. A throttled run so settles just under what the target
 * allows and completes, instead of spending its retry budget on requests the target will refuse.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Huawei's guidance for a throttled call: retry after 2 to 5 s. Each further retry doubles it. */
const backoffBandMs = { low: 2000, high: 5000 } as const;
const maxBackoffMs = 30_000;
/** The slowest the rate adapts down to, requests per second. */
const minRate = 0.5;
/** The cut: a little under what got through, so that the next 429 is a while away. */
const cutTo = 0.7;
/** Below this share of the rate of the last cut, the rate climbs fast (a tenth a second); above, slowly. */
const fastBelow = 0.9;
/** An unpaced target whose adapted rate climbs past this is unpaced again. */
const unpacedAbove = 1000;

/** Retry-After in ms (seconds or an HTTP date), or undefined when absent or unreadable: then the backoff. */
export function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(date - Date.now(), 0) : undefined;
}

/** The wait before retry `n` (0 for the first) of a 429 that named no Retry-After: jittered, doubling. */
export function backoffMs(n: number, random: () => number = Math.random): number {
  const base = backoffBandMs.low + random() * (backoffBandMs.high - backoffBandMs.low);
  return Math.round(Math.min(maxBackoffMs, base * 2 ** n));
}

export class Throttle {
  #configured: number;
  #adapted: number | undefined;
  /** The rate the last cut came at: the climb slows near it. */
  #ceiling = Number.POSITIVE_INFINITY;
  #next = 0;
  /** Until when every request waits: a Retry-After the target gave. */
  #holdUntil = 0;
  /** Until when some request waits on a 429: what the retry budget has been charged up to. */
  #waitsUntil = 0;
  #cutAt = Number.NEGATIVE_INFINITY;
  /** Times of the answers of the last second that were not 429: what the target lets through. */
  readonly #through: number[] = [];

  constructor(configured: number) {
    this.#configured = configured;
  }

  /** Requests per second now; 0: unpaced. */
  get rate(): number {
    return this.#adapted ?? this.#configured;
  }

  /** Whether 429s have slowed this target below its configured rate. */
  get adapted(): boolean {
    return this.#adapted !== undefined;
  }

  configure(rate: number): void {
    this.#configured = rate;
  }

  /**
   * Waits for the request's slot, 1/rate after the previous one and after any Retry-After hold, then returns
   * the time it went (for `throttled`). `notBefore` (a throttled request's own backoff) delays it further.
   */
  async pace(notBefore = 0): Promise<number> {
    for (;;) {
      const now = performance.now();
      const rate = this.rate;
      const slot = Math.max(now, notBefore, this.#holdUntil, rate > 0 ? this.#next : now);
      // A slot is taken synchronously, so callers in parallel queue up.
      if (rate > 0) this.#next = slot + 1000 / rate;
      if (slot > now) await sleep(slot - now);
      // A Retry-After that came during the wait moved the hold: wait for it too.
      if (performance.now() >= this.#holdUntil) break;
    }
    return performance.now();
  }

  /**
   * How much a wait of `waitMs` from now adds to the time some request already waits on a 429: what the run's
   * retry budget is charged (parallel waits of one episode cost it once).
   */
  growth(waitMs: number): number {
    const now = performance.now();
    return Math.max(0, now + waitMs - Math.max(now, this.#waitsUntil));
  }

  /**
   * A 429 came for a request sent at `sentAt`, which will wait `waitMs`; a Retry-After (`holdAll`) holds
   * every request as long. Cuts the rate unless it was already cut after that request went.
   */
  throttled(sentAt: number, waitMs: number, holdAll: boolean): void {
    const now = performance.now();
    if (sentAt >= this.#cutAt) {
      const through = Math.max(1, this.#lastSecond(now).length);
      const current = this.rate > 0 ? this.rate : Number.POSITIVE_INFINITY;
      this.#ceiling = Math.min(current, through);
      this.#adapted = Math.max(minRate, this.#ceiling * cutTo);
      this.#cutAt = now;
      // The cut holds from now: the slots queued at the old rate are given up.
      this.#next = now;
    }
    this.#waitsUntil = Math.max(this.#waitsUntil, now + waitMs);
    if (holdAll) this.#holdUntil = Math.max(this.#holdUntil, now + waitMs);
  }

  /**
   * An answer that was not a 429: the rate climbs back, by a tenth a second (at least 2 requests/s a second)
   * up to 0.9 of where the last cut came, so that a cut that went too deep costs seconds, not the run; past
   * that by 2 % a second (at least 0.5 requests/s a second), so that the next 429 is long in coming.
   */
  answered(): void {
    const now = performance.now();
    this.#lastSecond(now).push(now);
    if (this.#adapted === undefined) return;
    const perSecond =
      this.#adapted < this.#ceiling * fastBelow
        ? Math.max(2, this.#adapted / 10)
        : Math.max(0.5, this.#adapted / 50);
    this.#adapted += Math.min(1, perSecond / this.#adapted);
    const ceiling = this.#configured > 0 ? this.#configured : unpacedAbove;
    if (this.#adapted >= ceiling) this.#adapted = undefined;
  }

  #lastSecond(now: number): number[] {
    while ((this.#through[0] ?? now) < now - 1000) this.#through.shift();
    return this.#through;
  }
}

/** One throttle per target per process, shared by every client of it (suite files that follow each other too). */
const throttles = new Map<string, Throttle>();

export function throttleFor(baseUrl: string, rate: number): Throttle {
  let throttle = throttles.get(baseUrl);
  if (throttle === undefined) {
    throttle = new Throttle(rate);
    throttles.set(baseUrl, throttle);
  } else throttle.configure(rate);
  return throttle;
}
