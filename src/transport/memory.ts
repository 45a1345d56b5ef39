/**
 * Memory that stays bounded whatever the target answers. Every answer over a few hundred kilobytes becomes a
 * string V8 keeps in its large-object space, which only a full collection frees; a process that reads many
 * such answers (a target that pads every answer to a megabyte) grows by them until the heap's own limit,
 * gigabytes away, makes V8 collect. Here the transport counts such bytes and asks for a full collection once
 * enough of them have gone by: a few milliseconds per 8 MB read, and peak memory stays near the run's own.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Answers above this are large: below it, young-generation collections free them as usual. */
const largeBytes = 256 * 1024;
/** Large answers read between two full collections. */
const collectEvery = 8 * 1024 * 1024;

let collect: (() => void) | undefined;
let since = 0;

/** A full collection of this thread's heap; `gc` is exposed to a context made after the flag is set. */
function collector(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

/** An answer of `bytes` was read: past the threshold, a full collection runs once this turn is done. */
export function answerRead(bytes: number): void {
  if (bytes < largeBytes) return;
  since += bytes;
  if (since < collectEvery) return;
  since = 0;
  const gc = collector();
  setImmediate(gc);
}
