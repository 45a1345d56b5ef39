import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../catalogue/package-root.js';
import { publishPact } from '../contract/publish.js';
import { verifyPact } from '../contract/verify.js';
import { startReferenceServer } from '../reference/server.js';
import { Redactor } from '../transport/redact.js';
import { mustBe, UsageError } from './errors.js';
import { interruptions, redactOutput, signalExitCode } from './process-guards.js';
import { hex32, integer, nonEmpty, pair } from './values.js';

const defaultPactFile = join(packageRoot, 'pacts', 'kms-conformance-consumer-huaweicloud-kms.json');

export const pactHelp = `Usage:
  kms-conformance pact verify [--target URL --project-id P (--token T | --ak A --sk S)] [--pact-file F]
                              [--insecure] [--fault NAME] [--timeout-ms N] [--max-response-bytes N]
                              [--max-run-seconds N] [--retry-budget-seconds N] [--max-silent N]
                              [--broker-url URL --provider-version V [--provider-branch B] [--publish-results]]
  kms-conformance pact publish --broker-url URL --consumer-app-version V [--branch B] [--tag T ...] [--pact-file F]

verify replays the consumer pact (default: the committed pacts/ file) against the target with the Pact
Verifier; without --target it verifies the embedded reference (--fault plants a fault there). Provider states
are set up through the target's own API; the request filter swaps in the real credentials.
The verifier reaches the provider only through a loopback proxy of ours: it puts in the real credentials,
bounds every answer (--timeout-ms, default 10000; --max-response-bytes, default 1 MiB, also once inflated),
removes every secret from what the verifier sees and prints, and does not let a redirect lead to another
origin. The whole verification ends within --max-run-seconds (default 600).
With --broker-url the pacts come from the broker, and --publish-results sends the verification result back.
publish sends the pact file to a Pact Broker or PactFlow.
Broker credentials: PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD.
Exit codes: 0 verified / published, 1 the provider broke the contract, 2 configuration error, or the provider
could not be verified (no answer, an answer over the limits, the time limit).`;

/** `kms-conformance pact verify|publish`. */
export async function pact(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest, out);
  if (sub === 'publish') return publish(rest, out);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out.write(`${pactHelp}\n`);
    return sub === undefined ? 2 : 0;
  }
  throw new UsageError(`unknown pact command ${JSON.stringify(sub)}; expected verify or publish`);
}

async function verify(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string' },
      'project-id': { type: 'string' },
      token: { type: 'string', default: process.env.KMSCT_TOKEN },
      ak: { type: 'string', default: process.env.KMSCT_AK },
      sk: { type: 'string', default: process.env.KMSCT_SK },
      'pact-file': { type: 'string' },
      insecure: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
      'broker-url': { type: 'string' },
      'provider-version': { type: 'string' },
      'provider-branch': { type: 'string' },
      'publish-results': { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      'max-response-bytes': { type: 'string' },
      'max-run-seconds': { type: 'string' },
      'retry-budget-seconds': { type: 'string' },
      'max-silent': { type: 'string' },
    },
  });
  pair(['--ak', values.ak], ['--sk', values.sk]);
  const limits = {
    timeoutMs: integer('--timeout-ms', values['timeout-ms'], 100, 600_000) ?? 10_000,
    maxResponseBytes: integer('--max-response-bytes', values['max-response-bytes'], 1024, 1 << 30) ?? 1 << 20,
    maxRunSeconds: integer('--max-run-seconds', values['max-run-seconds'], 10, 86_400) ?? 600,
    retryBudgetSeconds: integer('--retry-budget-seconds', values['retry-budget-seconds'], 0, 86_400) ?? 60,
    maxSilent: integer('--max-silent', values['max-silent'], 1, 1000) ?? 3,
  };
  if (values['broker-url'] !== undefined && values['provider-version'] === undefined)
    throw new UsageError('--provider-version is required with --broker-url');
  const reference =
    values.target === undefined ? await startReferenceServer({ faults: values.fault ?? [] }) : undefined;
  if (reference === undefined && values.fault !== undefined)
    throw new UsageError('--fault plants faults in the embedded reference; it cannot be used with --target');
  const target = values.target ?? reference?.url ?? '';
  const projectId = reference?.projectId ?? hex32('--project-id', values['project-id']);
  if (projectId === undefined) throw new UsageError('--project-id is required with --target');
  const token = reference?.token ?? nonEmpty('--token', values.token);
  if (token === undefined && values.ak === undefined)
    throw new UsageError('credentials are required with --target: --token, or --ak and --sk');
  const auth =
    token !== undefined
      ? ({ kind: 'token', token } as const)
      : ({ kind: 'aksk', ak: values.ak ?? '', sk: values.sk ?? '' } as const);
  const redactor = new Redactor([token, values.sk]);
  // The verifier and its proxy print through this process's streams too.
  const restore = redactOutput(redactor);
  // SIGINT and SIGTERM stop the verification; the keys it made are still scheduled for deletion.
  const interrupt = interruptions();
  try {
    const result = await verifyPact({
      signal: interrupt.signal,
      target,
      projectId,
      auth,
      pactFile: values['pact-file'] ?? defaultPactFile,
      insecure: values.insecure === true,
      limits,
      ...(values['broker-url'] !== undefined && {
        broker: {
          url: values['broker-url'],
          providerVersion: values['provider-version'] ?? '',
          publishResults: values['publish-results'] === true,
          ...(values['provider-branch'] !== undefined && { providerBranch: values['provider-branch'] }),
        },
      }),
    });
    const where = reference ? 'the embedded reference' : redactor.text(target);
    out.write(`keys made by the verification and scheduled for deletion: ${result.keysCleaned}\n`);
    const by = interrupt.by();
    if (by !== undefined && by !== 'abort') {
      out.write(`pact verification of ${where} interrupted by ${by}\n`);
      return signalExitCode(by);
    }
    for (const r of result.redirects) out.write(`  redirect to another origin not followed: ${r}\n`);
    if (result.ok) {
      out.write(`pact verified against ${where}\n`);
      return 0;
    }
    if (result.errors.length > 0) {
      // Mismatches that follow from our own limits say nothing about the provider: not a verdict.
      out.write(`pact verification of ${where} could not finish: ${result.errors.length} error(s)\n`);
      for (const e of result.errors.slice(0, 10)) out.write(`  error: ${e}\n`);
      out.write(`  (${result.mismatches.length} mismatch(es) reported by the verifier, not judged)\n`);
      return 2;
    }
    out.write(`pact NOT verified against ${where}: ${result.mismatches.length} mismatch(es)\n`);
    for (const m of result.mismatches) out.write(`  ${redactor.text(m)}\n`);
    return 1;
  } finally {
    interrupt.dispose();
    restore();
    await reference?.close();
  }
}

async function publish(argv: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'broker-url': { type: 'string' },
      'consumer-app-version': { type: 'string' },
      branch: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'build-url': { type: 'string' },
      'pact-file': { type: 'string' },
    },
  });
  const brokerUrl = nonEmpty('--broker-url', values['broker-url']);
  if (brokerUrl === undefined) throw new UsageError('--broker-url is required');
  try {
    new URL(brokerUrl);
  } catch {
    throw mustBe('--broker-url', 'an http(s) URL', brokerUrl);
  }
  const version = nonEmpty('--consumer-app-version', values['consumer-app-version']);
  if (version === undefined) throw new UsageError('--consumer-app-version is required');
  const pactFile = values['pact-file'] ?? defaultPactFile;
  const result = await publishPact({
    brokerUrl,
    pactFile,
    consumerVersion: version,
    ...(values.branch !== undefined && { branch: values.branch }),
    ...(values.tag !== undefined && { tags: values.tag }),
    ...(values['build-url'] !== undefined && { buildUrl: values['build-url'] }),
  });
  const name =
    (JSON.parse(readFileSync(pactFile, 'utf8')) as { consumer?: { name?: string } }).consumer?.name ?? '';
  if (result.status >= 200 && result.status < 300) {
    out.write(`published ${name} ${version} to ${brokerUrl} (${result.status})\n`);
    for (const n of result.notices) out.write(`  ${n}\n`);
    return 0;
  }
  process.stderr.write(
    `kms-conformance pact publish: the broker answered ${result.status}${result.notices.length ? `: ${result.notices.join('; ')}` : ''}\n`,
  );
  return 2;
}
