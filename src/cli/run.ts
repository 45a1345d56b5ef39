import { dryRun } from './dry-run.js';
import { resolveRunOptions, runHelp } from './options.js';
import { runOnce } from './run-once.js';

/** `kms-conformance run`: prepares the target, runs the conformance project through vitest, writes the reports. */
export async function runCommand(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const options = resolveRunOptions(argv, process.env);
  if (options === 'help') {
    out.write(`${runHelp}\n`);
    return 0;
  }
  if (options.dryRun) {
    await dryRun(options, out);
    return 0;
  }
  return (await runOnce(options, out, { quiet: false })).exitCode;
}
