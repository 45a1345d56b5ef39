import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { editions } from '../catalogue/types.js';
import { readRecording } from '../record/file.js';
import { startReplayServer } from '../record/replay-server.js';
import { faults } from '../reference/faults/index.js';
import { type ReferenceOptions, startReferenceServer } from '../reference/server.js';
import { UsageError } from './errors.js';
import { hex32, integer, nonEmpty, oneOf, pair, readableFile } from './values.js';

export const serveHelp = `Usage: kms-conformance serve [options]

Starts the embedded reference KMS (the default conformance target) until SIGINT or SIGTERM.

  --host <addr>          address to listen on (default 127.0.0.1)
  --port <n>             port, 0 for any free one (default 0)
  --project-id <32 hex>  project of the token (generated when absent)
  --token <T>            X-Auth-Token for that project (generated when absent); env KMSCT_TOKEN
  --ak <AK> --sk <SK>    accept AK/SK-signed requests (SDK-HMAC-SHA256); env KMSCT_AK, KMSCT_SK
  --domain-id <32 hex>   the account's domain_id (generated when absent)
  --edition seed|current rules of the seed (default) or the current edition
  --seed <n>             make key ids reproducible
  --quota <n>            custom keys per project before KMS.1105 (default 100000)
  --fault <name>         plant a fault (repeatable); one of the names of \`kms-conformance faults\`
  --profile cloud        as the real service is met: behind an API gateway (flat APIGW.* refusals, 401 for
                         bad credentials), throttled without Retry-After, new keys unreadable then in state 1
                         for a moment, a request id on every answer
  --rate-limit <n>       with --profile cloud: requests per second before 429 APIGW.0308 (default 20)
  --settle-ms <n>        with --profile cloud: how long a new key takes to settle (default 600)
  --replay <file>        serve a recording (kms-conformance record) instead of the reference: each request is
                         answered as the recorded target answered it (with --host, --port, --project-id,
                         --token, --ak/--sk; the other options do not apply)
  --tls-cert <file> --tls-key <file>   serve HTTPS
  -h, --help             show this help

Generated values are printed; values you pass (token, SK) are never echoed. Pass secrets through the
environment rather than as flags: flags are visible to every user in the process list.`;

export type ServeOptions = ReferenceOptions & { readonly replay?: string };

export function parseServeOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'project-id': { type: 'string' },
      token: { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      'domain-id': { type: 'string' },
      edition: { type: 'string' },
      seed: { type: 'string' },
      quota: { type: 'string' },
      fault: { type: 'string', multiple: true },
      profile: { type: 'string' },
      'rate-limit': { type: 'string' },
      'settle-ms': { type: 'string' },
      replay: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  // Secrets may come from the environment, which other users cannot read the way they read argv.
  const secret = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const token = secret(values.token, 'KMSCT_TOKEN');
  const ak = secret(values.ak, 'KMSCT_AK');
  const sk = secret(values.sk, 'KMSCT_SK');
  pair(['--ak', ak], ['--sk', sk]);
  pair(['--tls-cert', values['tls-cert']], ['--tls-key', values['tls-key']]);
  const names = [...faults.keys()];
  const chosen = (values.fault ?? []).map((f) => oneOf('--fault', f, names) ?? f);
  const profile = oneOf('--profile', values.profile, ['cloud'] as const);
  const rate = integer('--rate-limit', values['rate-limit'], 1, 1_000_000);
  const settleMs = integer('--settle-ms', values['settle-ms'], 0, 600_000);
  if (profile === undefined && (rate !== undefined || settleMs !== undefined))
    throw new UsageError('--rate-limit and --settle-ms shape the cloud profile: add --profile cloud');
  const cert = readableFile('--tls-cert', values['tls-cert']);
  const key = readableFile('--tls-key', values['tls-key']);
  const options: Record<string, unknown> = {
    host: nonEmpty('--host', values.host),
    port: integer('--port', values.port, 0, 65535),
    projectId: hex32('--project-id', values['project-id']),
    token: nonEmpty('--token', token),
    ak: nonEmpty('--ak', ak),
    sk: nonEmpty('--sk', sk),
    domainId: hex32('--domain-id', values['domain-id']),
    edition: oneOf('--edition', values.edition, editions),
    seed: integer('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER),
    quota: integer('--quota', values.quota, 1, Number.MAX_SAFE_INTEGER),
    faults: chosen,
    profile,
    replay: readableFile('--replay', values.replay),
    cloud:
      rate !== undefined || settleMs !== undefined
        ? {
            ...(rate !== undefined && { rate, burst: rate }),
            ...(settleMs !== undefined && { settleMs }),
          }
        : undefined,
    tls: cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined,
  };
  if (
    values.replay !== undefined &&
    (values.fault !== undefined || profile !== undefined || values['tls-cert'])
  )
    throw new UsageError(
      '--replay serves a recording: --fault, --profile and TLS apply to the reference only',
    );
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ServeOptions;
}

/** `kms-conformance serve`: runs until a signal, then closes cleanly and resolves 0. */
export async function serve(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const options = parseServeOptions(argv);
  if (options === 'help') {
    out.write(`${serveHelp}\n`);
    return 0;
  }
  if (options.replay !== undefined) return replay(options.replay, options, out);
  const server = await startReferenceServer(options);
  const generated = [
    options.projectId === undefined && `project-id ${server.projectId}`,
    options.token === undefined && `token ${server.token}`,
    options.domainId === undefined && `domain-id ${server.domainId}`,
  ];
  out.write(
    `kms-conformance reference (${server.edition} edition${options.profile ? `, ${options.profile} profile` : ''}${options.faults?.length ? `, faults: ${options.faults.join(', ')}` : ''})\n`,
  );
  return serveUntilSignal(server, generated, out);
}

/** Prints what was generated and where it listens, then serves until SIGINT or SIGTERM. */
async function serveUntilSignal(
  server: { readonly url: string; close(): Promise<void> },
  generated: readonly (string | false)[],
  out: NodeJS.WritableStream,
): Promise<number> {
  const given = generated.filter(Boolean);
  if (given.length > 0) out.write(`generated: ${given.join(', ')}\n`);
  // Handlers first: once "listening" is printed, a signal must already close the server cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out.write(`listening ${server.url}\n`);
  await stopped;
  await server.close();
  out.write('closed\n');
  return 0;
}

/** `serve --replay FILE`: the recording as a target, until a signal. */
async function replay(file: string, options: ServeOptions, out: NodeJS.WritableStream): Promise<number> {
  const recording = readRecording(file);
  const server = await startReplayServer(recording, {
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.projectId !== undefined && { projectId: options.projectId }),
    ...(options.token !== undefined && { token: options.token }),
    ...(options.ak !== undefined && { ak: options.ak }),
    ...(options.sk !== undefined && { sk: options.sk }),
  });
  out.write(
    `kms-conformance replay of ${recording.target} (recorded ${recording.recordedOn}, seed ${recording.seed}, ${recording.cases.length} cases)\n`,
  );
  const generated = [
    options.projectId === undefined && `project-id ${server.projectId}`,
    options.token === undefined && `token ${server.token}`,
  ];
  return serveUntilSignal(server, generated, out);
}
