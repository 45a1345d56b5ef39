import { errorCodeOf } from '../errors.js';
import { Redactor } from '../transport/redact.js';
import { UsageError } from './errors.js';

// Each command loads only what it needs: serve, list and faults never load vitest or Pact.

const help = `Usage: kms-conformance <command> [options]

Commands:
  run      check an endpoint (or the embedded reference) against the requirement catalogue
  serve    start the embedded reference KMS server
  list     print the requirement catalogue
  faults   print the planted faults and conformant variants of the reference server
  gallery  run the suite against the reference, each fault and each variant; write the kill matrix
  merge    combine the reports of a sharded run (run --shard i/n) into one
  cleanup  schedule for deletion the keys of runs that could not clean up (killed, lost)
  record   run the suite and write a recording of every exchange, case by case
  diff     compare two targets or recordings case by case (the cloud against an emulator, today against last month)
  baseline create or prune a baseline of accepted failures (run --baseline FILE: known failures do not gate)
  compare  compare two runs' report.json: new failures, fixes, status and coverage changes; exit 1 on a regression
  pact     verify a provider against the consumer pact, or publish the pact to a broker

Run \`kms-conformance <command> --help\` for a command's options.`;

/** Exit codes: 0 conformant / done, 1 non-conformant, 2 usage, configuration or internal error. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Colour only on a terminal: vitest and its workers read this when they load, so it is set first.
  if (!process.stdout.isTTY || process.env.NO_COLOR) {
    process.env.NO_COLOR = '1';
    delete process.env.FORCE_COLOR;
  }
  try {
    switch (command) {
      case 'run':
        return await (await import('./run.js')).runCommand(rest, process.stdout);
      case 'serve':
        return await (await import('./serve.js')).serve(rest, process.stdout);
      case 'list':
        return (await import('./list.js')).list(rest, process.stdout);
      case 'faults':
        return (await import('./list.js')).listFaults(process.stdout);
      case 'gallery':
        return await (await import('./gallery.js')).gallery(rest, process.stdout);
      case 'merge':
        return (await import('./merge.js')).merge(rest, process.stdout);
      case 'baseline':
        return (await import('./gate.js')).baseline(rest, process.stdout);
      case 'compare':
        return (await import('./gate.js')).compare(rest, process.stdout);
      case 'cleanup':
        return await (await import('./cleanup.js')).cleanup(rest, process.stdout);
      case 'pact':
        return await (await import('./pact.js')).pact(rest, process.stdout);
      case 'record':
        return await (await import('./record.js')).record(rest, process.stdout);
      case 'diff':
        return await (await import('./record.js')).diff(rest, process.stdout);
      case undefined:
      case '-h':
      case '--help':
        process.stdout.write(`${help}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; expected one of run, serve, list, faults, gallery, merge, cleanup, record, diff, baseline, compare, pact`,
        );
    }
  } catch (error) {
    // Whatever reaches here is written through a redactor: an error message must never carry a secret.
    const redactor = new Redactor(secretsOf(argv));
    // Our errors carry a stable code (a start-up failure carries its RunError's), as do node's argument
    // parser's; anything else is a bug.
    const parseArgs = String((error as { code?: unknown } | undefined)?.code).startsWith('ERR_PARSE_ARGS');
    const known = errorCodeOf(error) !== undefined || parseArgs;
    const text =
      error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(
      redactor.text(`kms-conformance ${command ?? ''}: ${known ? '' : 'internal error: '}${text}\n`),
    );
    const usage = errorCodeOf(error) === 'KMSCT_ERR_USAGE' || parseArgs;
    if (command === 'serve' && usage) process.stderr.write(`\n${(await import('./serve.js')).serveHelp}\n`);
    return 2;
  }
}

/** The secrets a command line or the environment may hold. */
function secretsOf(argv: readonly string[]): string[] {
  const fromFlags = argv.flatMap((arg, i) => {
    if (arg === '--token' || arg === '--sk') return [argv[i + 1] ?? ''];
    const inline = /^--(?:token|sk)=(.*)$/.exec(arg);
    return inline?.[1] !== undefined ? [inline[1]] : [];
  });
  return [
    ...fromFlags,
    process.env.KMSCT_TOKEN ?? '',
    process.env.KMSCT_SK ?? '',
    process.env.PACT_BROKER_TOKEN ?? '',
    process.env.PACT_BROKER_PASSWORD ?? '',
  ];
}
