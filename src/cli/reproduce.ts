/**
 * The command line that reproduces a run: same target, edition, seed, selection and limits. Secrets are
 * never written: they appear as the environment variables the command reads ($KMSCT_TOKEN, $KMSCT_SK).
 */
import type { RunOptions } from '../config/run-options.js';

const quote = (s: string) => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

export function reproduceCommand(options: RunOptions, seed: number): string {
  const parts = ['npx kms-conformance run'];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) parts.push(flag, typeof value === 'number' ? String(value) : quote(value));
  };
  add('--target', options.target);
  add('--project-id', options.projectId);
  if (options.token !== undefined) parts.push('--token "$KMSCT_TOKEN"');
  if (options.ak !== undefined) parts.push('--ak "$KMSCT_AK" --sk "$KMSCT_SK"');
  add('--edition', options.edition);
  add('--seed', seed);
  add('--grep', options.grep);
  if (options.shard) add('--shard', `${options.shard.index}/${options.shard.count}`);
  if (options.strict) parts.push('--strict');
  add('--max-keys', options.maxKeys);
  add('--rate', options.rate);
  add('--concurrency', options.concurrency);
  add('--num-runs', options.numRuns);
  for (const fault of options.faults) add('--fault', fault);
  return parts.join(' ');
}
