/**
 * The run the suites judge. A run has one; the gallery runs several plants in one vitest run, and each copy
 * of a suite file names its plant first (`useRun(label)`), so every value here is read live, never cached.
 */
import { inject } from 'vitest';
import type { RunContext } from '../../src/config/run-context.js';
import type { Edition } from '../../src/spec/types.js';

export let run: RunContext;
export let edition: Edition;
const listeners: (() => void)[] = [];

/** Chooses the run: the one provided (`kmsct`), or the labelled one of several (`kmsct-many`). */
export function useRun(label?: string): void {
  const next = label === undefined ? inject('kmsct') : inject('kmsct-many')[label];
  if (!next)
    throw new Error(
      `KMSCT_ERR_ENGINE: no run context ${label === undefined ? 'provided' : `labelled ${label}`}`,
    );
  if (next === run) return;
  run = next;
  edition = next.edition;
  for (const listener of listeners) listener();
}

/** Called whenever the run changes (and now, if there is one): what depends on it is rebuilt. */
export function onRun(listener: () => void): void {
  listeners.push(listener);
  if (run !== undefined) listener();
}

// A single run is provided before any suite loads; under the gallery, the first copy chooses.
if (inject('kmsct') !== undefined) useRun();
