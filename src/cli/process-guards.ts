/**
 * What a run does to its own process while it lasts: every byte written to stdout and stderr (vitest's
 * reporter, a worker's console, a stack trace) goes through the run's redactor; SIGINT and SIGTERM abort the
 * run instead of killing it, so its keys are scheduled for deletion and its reports are written.
 */
import { setMaxListeners } from 'node:events';
import type { Redactor } from '../transport/redact.js';

type Write = typeof process.stdout.write;

/** Redacts process.stdout and process.stderr until the returned function is called. */
export function redactOutput(redactor: Redactor): () => void {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  streams.forEach((stream, i) => {
    const original = originals[i] as Write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      (original as (...a: unknown[]) => boolean).call(
        stream,
        typeof chunk === 'string'
          ? redactor.text(chunk)
          : Buffer.isBuffer(chunk)
            ? redactor.text(chunk.toString('utf8'))
            : chunk,
        ...rest,
      )) as Write;
  });
  return () =>
    streams.forEach((stream, i) => {
      stream.write = originals[i] as Write;
    });
}

export interface Interruption {
  readonly signal: AbortSignal;
  /** What interrupted the run, if anything did: a signal's name, or `abort` for the caller's AbortSignal. */
  readonly by: () => NodeJS.Signals | 'abort' | undefined;
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM (and the caller's AbortSignal, for the library API) for the length of a run;
 * a second signal ends the process at once.
 */
export function interruptions(
  onInterrupt: () => void = () => undefined,
  external?: AbortSignal,
): Interruption {
  const controller = new AbortController();
  // Every run begun holds a guard that listens to it: a gallery batch begins dozens.
  setMaxListeners(256, controller.signal);
  let by: NodeJS.Signals | 'abort' | undefined;
  const interrupt = (cause: NodeJS.Signals | 'abort') => {
    by = cause;
    controller.abort(cause === 'abort' ? 'aborted by the caller' : `interrupted by ${cause}`);
    onInterrupt();
  };
  const handler = (signal: NodeJS.Signals) => {
    if (by !== undefined) process.exit(signalExitCode(signal));
    interrupt(signal);
  };
  const onAbort = () => {
    if (by === undefined) interrupt('abort');
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  if (external?.aborted) onAbort();
  external?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    by: () => by,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      external?.removeEventListener('abort', onAbort);
    },
  };
}

/** The conventional exit code of a process ended by a signal. */
export const signalExitCode = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
