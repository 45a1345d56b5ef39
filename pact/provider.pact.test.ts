import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mismatchesOf } from '../src/contract/mismatches.js';
import { publishPact } from '../src/contract/publish.js';
import { verifyPact } from '../src/contract/verify.js';
import { type ReferenceServer, startReferenceServer } from '../src/reference/server.js';
import { runCli } from '../test/support/spawn.js';
import { pactFileName } from './interactions.js';

// The committed contract: the consumer file writes to a folder of its own, so this never reads a half-written pact.
const pactFile = resolve('pacts', pactFileName);

describe('provider verification of the committed pact', () => {
  let reference: ReferenceServer;
  let faulty: ReferenceServer;
  const sk = 'SK-verify-distinctive-5f6e';
  beforeAll(async () => {
    reference = await startReferenceServer({ ak: 'AKVERIFY0001', sk });
    faulty = await startReferenceServer({ faults: ['missing-domain-id'] });
  });
  afterAll(async () => {
    await reference.close();
    await faulty.close();
  });

  it('passes against the reference with a token, and creates keys only through provider states', async () => {
    const result = await verifyPact({
      target: reference.url,
      projectId: reference.projectId,
      auth: { kind: 'token', token: reference.token },
      pactFile,
    });
    expect(result).toMatchObject({ ok: true, mismatches: [] });
    expect(result.keysCreated).toHaveLength(1);
    // The state's key and the three keys of the create-key interactions.
    expect(result.keysCleaned).toBe(4);
  });

  it('passes against the reference with AK/SK signing put in by the guard proxy', async () => {
    const result = await verifyPact({
      target: reference.url,
      projectId: reference.projectId,
      auth: { kind: 'aksk', ak: 'AKVERIFY0001', sk },
      pactFile,
    });
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails against a planted fault and names the mismatch', async () => {
    const result = await verifyPact({
      target: faulty.url,
      projectId: faulty.projectId,
      auth: { kind: 'token', token: faulty.token },
      pactFile,
    });
    expect(result.ok).toBe(false);
    expect(result.mismatches).toContain(
      'a create-key request with only key_alias: $.key_info: Actual map is missing the following keys: domain_id',
    );
  });

  it('reads the verifier error document, and keeps a message that is not one', () => {
    expect(
      mismatchesOf(
        new Error(
          '{"errors":[{"interaction":"V Given s - d","mismatch":{"mismatches":[{"path":"$.a","mismatch":"m"}]}}]}',
        ),
      ),
    ).toEqual(['d: $.a: m']);
    expect(mismatchesOf(new Error('boom'))).toEqual(['boom']);
  });

  it('kms-conformance pact verify: exit 0 on the reference, 1 on a fault with the mismatch, secrets never printed', async () => {
    const token = reference.token;
    const ok = await runCli([
      'pact',
      'verify',
      '--target',
      reference.url,
      '--project-id',
      reference.projectId,
      '--token',
      token,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('pact verified against');
    expect(`${ok.stdout}${ok.stderr}`).not.toContain(token);
    const bad = await runCli(['pact', 'verify', '--fault', 'missing-domain-id']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('$.key_info: Actual map is missing the following keys: domain_id');
    const usage = await runCli(['pact', 'verify', '--target', reference.url]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--project-id is required with --target');
  });
});

describe('publishing to a Pact Broker', () => {
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let broker: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    broker = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const status = req.headers.authorization === 'Bearer wrong' ? 401 : 200;
        res.writeHead(status, { 'content-type': 'application/hal+json' });
        res.end(
          JSON.stringify({
            notices: [{ type: 'success', text: 'Created kms-conformance-consumer version 1.2.3' }],
          }),
        );
      });
    });
    await new Promise<void>((r) => broker.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => broker.close(() => r()));
  });

  it('POSTs /contracts/publish with the pact, version, branch and a bearer token', async () => {
    received.length = 0;
    const result = await publishPact(
      { brokerUrl: url, pactFile, consumerVersion: '1.2.3', branch: 'main' },
      { PACT_BROKER_TOKEN: 'tok-123' },
    );
    expect(result).toEqual({ status: 200, notices: ['Created kms-conformance-consumer version 1.2.3'] });
    const [call] = received;
    expect(call).toMatchObject({ method: 'POST', url: '/contracts/publish' });
    expect(call?.headers.authorization).toBe('Bearer tok-123');
    const body = JSON.parse(call?.body ?? '{}') as {
      pacticipantName: string;
      pacticipantVersionNumber: string;
      branch: string;
      contracts: { content: string; providerName: string }[];
    };
    expect(body).toMatchObject({
      pacticipantName: 'kms-conformance-consumer',
      pacticipantVersionNumber: '1.2.3',
      branch: 'main',
    });
    expect(body.contracts[0]?.providerName).toBe('huaweicloud-kms');
    expect(
      JSON.parse(Buffer.from(body.contracts[0]?.content ?? '', 'base64').toString('utf8')),
    ).toMatchObject({ consumer: { name: 'kms-conformance-consumer' } });
  });

  it('uses basic auth from PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD', async () => {
    received.length = 0;
    await publishPact(
      { brokerUrl: url, pactFile, consumerVersion: '1.2.4' },
      { PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' },
    );
    expect(received[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('kms-conformance pact publish: exit 0 when the broker accepts, 2 when it refuses', async () => {
    const ok = await runCli(
      ['pact', 'publish', '--broker-url', url, '--consumer-app-version', '9.9.9', '--branch', 'feature'],
      { env: { PACT_BROKER_TOKEN: 't' } },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('published kms-conformance-consumer 9.9.9');
    const refused = await runCli(['pact', 'publish', '--broker-url', url, '--consumer-app-version', '1'], {
      env: { PACT_BROKER_TOKEN: 'wrong' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the broker answered 401');
    expect(`${refused.stdout}${refused.stderr}`).not.toContain('wrong');
  });

  it('kms-conformance pact verify --broker-url asks the broker for the pacts to verify, with the credentials', async () => {
    received.length = 0;
    const reference = await startReferenceServer();
    try {
      const result = await runCli(
        [
          'pact',
          'verify',
          '--target',
          reference.url,
          '--project-id',
          reference.projectId,
          '--token',
          reference.token,
          '--broker-url',
          url,
          '--provider-version',
          '1.0.0',
          '--publish-results',
        ],
        { env: { PACT_BROKER_TOKEN: 'tok-verify' } },
      );
      // The recording broker serves no pacts, so verification cannot pass; what matters is that it was asked.
      expect(result.code).not.toBe(0);
      expect(received.length).toBeGreaterThan(0);
      expect(received.every((r) => r.headers.authorization === 'Bearer tok-verify')).toBe(true);
    } finally {
      await reference.close();
    }
  });
});
