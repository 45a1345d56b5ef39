/**
 * The run's state folder, shared by the main process and the suites' workers: keys made, refused aliases and
 * request counts are appended as they happen (one JSON line each), so that a key is known to the clean-up
 * even if the process that made it dies. Appends of one short line are atomic on a local file system, so
 * parallel workers never interleave. Findings do not pass through here: they travel as data to one sink.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf } from '../catalogue/answers.js';
import type { MadeKey } from '../judge/keys.js';
import type { Refusal } from '../judge/side-effects.js';
import type { Tally } from '../transport/answer-tally.js';
import type { Exchange } from '../transport/client.js';

export type { MadeKey as CreatedKey, Refusal as RefusedAlias };

export interface RequestCount extends Partial<Tally> {
  readonly file: string;
  readonly requests: number;
  readonly retries: number;
}

export interface CleanedKey {
  readonly keyId: string;
  readonly outcome: 'scheduled' | 'failed' | 'unsupported';
  readonly detail: string;
}

/** The Date header counts whole seconds; a second more on each side for the time the answer took to leave. */
const dateResolutionMs = 1000;
const slackMs = 1000;

/** A refused create, with the time the target spent on it in the target's own clock when its answer says. */
export function refusal(alias: string, test: string, x: Exchange): Refusal {
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
  requests: 'requests.jsonl',
  cleaned: 'cleaned.jsonl',
  /** Every exchange of a run that records itself (run --record): src/transport/capture.ts. */
  exchanges: 'exchanges.jsonl',
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
