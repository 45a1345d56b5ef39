/**
 * The run's state folder: workers append one JSON line per event; the main process reads them at the end.
 * Appends of one short line are atomic on a local file system, so parallel workers never interleave.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf } from '../spec/answer-rules.js';
import type { Exchange } from '../transport/client.js';

export interface CreatedKey {
  readonly keyId: string;
  readonly alias: string;
  readonly domainId: string;
  readonly test: string;
  /** The request's sequence, if any: a replay of one sequence may return one key (§7). */
  readonly sequence?: string;
}

export interface Finding {
  /** Requirement id the finding breaks. */
  readonly id: string;
  readonly message: string;
  readonly exchangeId: number;
  readonly test: string;
  readonly request: unknown;
  readonly response: unknown;
  readonly curl: string;
}

export interface RequestCount {
  readonly file: string;
  readonly requests: number;
  readonly retries: number;
}

export interface CleanedKey {
  readonly keyId: string;
  readonly outcome: 'scheduled' | 'failed' | 'unsupported';
  readonly detail: string;
}

/** A create the target refused: its alias must not show up in list-keys at the end of the run. */
export interface RefusedAlias {
  readonly alias: string;
  readonly test: string;
  readonly status: number;
  /** The refusal's error code, when the answer has one. */
  readonly code?: string;
  /**
   * When the target was handling the request, in its own clock (epoch ms, from the answer's Date header):
   * only a key created then can be the refused request's doing.
   */
  readonly window?: { readonly from: number; readonly to: number };
}

/** The Date header counts whole seconds; a second more on each side for the time the answer took to leave. */
const dateResolutionMs = 1000;
const slackMs = 1000;

/** A refused create, with the time the target spent on it in the target's own clock when its answer says. */
export function refusal(alias: string, test: string, x: Exchange): RefusedAlias {
  const date = Date.parse(x.headers.date ?? '');
  const code = codeOf(x);
  return {
    alias,
    test,
    status: x.status,
    ...(code !== undefined && { code }),
    ...(Number.isFinite(date) && {
      window: { from: date - x.durationMs - slackMs, to: date + dateResolutionMs + slackMs },
    }),
  };
}

const files = {
  refused: 'refused.jsonl',
  keys: 'keys.jsonl',
  findings: 'findings.jsonl',
  requests: 'requests.jsonl',
  cleaned: 'cleaned.jsonl',
} as const;
type Kind = keyof typeof files;

export function appendState(stateDir: string, kind: Kind, record: unknown): void {
  appendFileSync(join(stateDir, files[kind]), `${JSON.stringify(record)}\n`);
}

/** Several records in one append (one write: lines of parallel writers still never interleave). */
export function appendStates(stateDir: string, kind: Kind, records: readonly unknown[]): void {
  appendFileSync(join(stateDir, files[kind]), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export function readState<T>(stateDir: string, kind: Kind): T[] {
  const file = join(stateDir, files[kind]);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Takes one of `max` creation slots, or returns false when all are taken. mkdir is atomic, so workers in
 * parallel processes never take the same slot.
 */
export function reserveKeySlot(stateDir: string, max: number): boolean {
  if (max <= 0) return true;
  const dir = join(stateDir, 'key-slots');
  mkdirSync(dir, { recursive: true });
  for (let slot = 0; slot < max; slot++) {
    try {
      mkdirSync(join(dir, String(slot)));
      return true;
    } catch {
      // taken: try the next slot
    }
  }
  return false;
}
