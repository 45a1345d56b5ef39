/**
 * Reads that follow a create. A new key is not at once readable everywhere on the real service: DescribeKey
 * may answer 404 for a moment, or show state 1 (waiting to be enabled) before 2 (terraform's provider waits,
 * then polls; AWS documents the same of its KMS). Such a read is repeated within a bounded window, every
 * attempt recorded; what counts is the first settled answer, or the last one when the window ran out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SettleStep } from './evidence.js';
import type { Exchange } from './exchange.js';

export interface Settled {
  readonly exchange: Exchange;
  /** Every read, the one that counts last; one entry when the first read settled. */
  readonly timeline: readonly SettleStep[];
}

const firstPollMs = 100;
const maxPollMs = 2000;

/**
 * Sends `read` until `unsettled` finds nothing to wait for, or `windowMs` has passed since the first read;
 * polls back off from 100 ms to 2 s. `unsettled` says why an answer does not count yet.
 */
export async function settle(
  read: () => Promise<Exchange>,
  unsettled: (x: Exchange) => string | undefined,
  windowMs: number,
): Promise<Settled> {
  const start = performance.now();
  const timeline: SettleStep[] = [];
  let poll = firstPollMs;
  for (;;) {
    const afterMs = Math.round(performance.now() - start);
    const exchange = await read();
    const why = unsettled(exchange);
    timeline.push({ afterMs, status: exchange.status, ...(why !== undefined && { unsettled: why }) });
    const left = windowMs - (performance.now() - start);
    if (why === undefined || left <= 0) return { exchange, timeline };
    // The last read goes when the window has passed, not a timer's millisecond before.
    await sleep(poll < left ? poll : Math.ceil(left) + 1);
    poll = Math.min(poll * 2, maxPollMs);
  }
}

/** For a message: how long the key was waited for, when it was (empty when the first read counted). */
export function settledNote(timeline: readonly SettleStep[]): string {
  const last = timeline.at(-1);
  return timeline.length > 1 && last
    ? ` (still so after ${timeline.length} reads over ${last.afterMs} ms)`
    : '';
}
