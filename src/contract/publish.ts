/**
 * Publishing a pact to a Pact Broker or PactFlow through the broker's "publish contracts" API
 * (POST /contracts/publish), the call Pact's own CLI makes. Credentials come from the environment.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { brokerCredentials } from './broker.js';
import { PactConfigError } from './verify.js';

export interface PublishOptions {
  readonly brokerUrl: string;
  readonly pactFile: string;
  readonly consumerVersion: string;
  readonly branch?: string;
  readonly tags?: readonly string[];
  readonly buildUrl?: string;
  readonly timeoutMs?: number;
}

export interface PublishResult {
  readonly status: number;
  readonly notices: readonly string[];
}

export async function publishPact(
  options: PublishOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PublishResult> {
  let pact: { consumer?: { name?: string }; provider?: { name?: string } };
  let text: string;
  try {
    text = readFileSync(options.pactFile, 'utf8');
    pact = JSON.parse(text) as typeof pact;
  } catch (error) {
    throw new PactConfigError(
      `--pact-file must be a readable pact file, but ${options.pactFile}: ${(error as Error).message}`,
    );
  }
  const consumer = pact.consumer?.name;
  const provider = pact.provider?.name;
  if (!consumer || !provider) throw new PactConfigError(`${options.pactFile} names no consumer or provider`);
  const credentials = brokerCredentials(env);
  const authorization = credentials.pactBrokerToken
    ? `Bearer ${credentials.pactBrokerToken}`
    : credentials.pactBrokerUsername
      ? `Basic ${Buffer.from(`${credentials.pactBrokerUsername}:${credentials.pactBrokerPassword ?? ''}`).toString('base64')}`
      : undefined;
  const body = {
    pacticipantName: consumer,
    pacticipantVersionNumber: options.consumerVersion,
    ...(options.branch !== undefined && { branch: options.branch }),
    tags: options.tags ?? [],
    ...(options.buildUrl !== undefined && { buildUrl: options.buildUrl }),
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(text).toString('base64'),
      },
    ],
  };
  const url = new URL(
    'contracts/publish',
    options.brokerUrl.endsWith('/') ? options.brokerUrl : `${options.brokerUrl}/`,
  );
  const agent = new Agent({ connect: { timeout: options.timeoutMs ?? 10_000 } });
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        accept: 'application/hal+json, application/json',
        ...(authorization !== undefined && { authorization }),
      },
      body: JSON.stringify(body),
      headersTimeout: options.timeoutMs ?? 10_000,
      bodyTimeout: options.timeoutMs ?? 10_000,
    });
    const answer = (await res.body.json().catch(() => ({}))) as { notices?: { text?: string }[] };
    return {
      status: res.statusCode,
      notices: (answer.notices ?? []).map((n) => n.text ?? '').filter(Boolean),
    };
  } finally {
    await agent.close();
  }
}
