import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { type Auth, KmsClient } from '../src/transport/client.js';
import {
  alias,
  consumerName,
  contractToken,
  errorBody,
  exampleDomainId,
  exampleKeyId,
  exampleProject,
  jsonContentType,
  keyInfoBody,
  pactFileName,
  path,
  providerName,
  states,
} from './interactions.js';

const { like, regex, fromProviderState } = MatchersV3;

// A fresh folder per run (pact-js merges into an existing file); `npm run pact:consumer` points it at pacts/.
const dir = process.env.KMSCT_PACT_DIR
  ? resolve(process.env.KMSCT_PACT_DIR)
  : mkdtempSync(join(tmpdir(), 'kmsct-pact-'));
const pact = new PactV4({
  consumer: consumerName,
  provider: providerName,
  dir,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'warn',
});

const token: Auth = { kind: 'token', token: contractToken };
const client = (url: string, auth: Auth = token) =>
  new KmsClient({ baseUrl: url, projectId: exampleProject, auth });
const requestHeaders = { 'Content-Type': 'application/json', 'X-Auth-Token': contractToken };

async function createKeyWith(url: string, body: unknown, auth: Auth = token) {
  const c = client(url, auth);
  try {
    return await c.call('create-key', body);
  } finally {
    await c.close();
  }
}

describe('consumer contract for CreateKey', () => {
  it('create-key with the minimal body', async () => {
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request with only key_alias')
      .withRequest('POST', path('create-key'), (b) =>
        b.headers(requestHeaders).jsonBody({ key_alias: alias() }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType }).jsonBody(keyInfoBody))
      .executeTest(async (mock) => {
        const res = await createKeyWith(mock.url, { key_alias: 'test' });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ key_info: { key_id: exampleKeyId, domain_id: exampleDomainId } });
      });
  });

  it('create-key with every optional field', async () => {
    const body = {
      key_alias: 'test-full',
      key_spec: 'AES_256',
      key_usage: 'ENCRYPT_DECRYPT',
      key_description: 'a key with every optional field',
      origin: 'kms',
      enterprise_project_id: '0',
      sequence: '919c82d4-8046-4722-9094-35c3c6524cff',
    };
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request with every optional field')
      .withRequest('POST', path('create-key'), (b) =>
        b.headers(requestHeaders).jsonBody({ ...body, key_alias: alias('-full') }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType }).jsonBody(keyInfoBody))
      .executeTest(async (mock) => {
        expect((await createKeyWith(mock.url, body)).status).toBe(200);
      });
  });

  it('create-key for an asymmetric key', async () => {
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request for an RSA_2048 signing key')
      .withRequest('POST', path('create-key'), (b) =>
        b
          .headers(requestHeaders)
          .jsonBody({ key_alias: alias('-rsa'), key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType }).jsonBody(keyInfoBody))
      .executeTest(async (mock) => {
        expect(
          (
            await createKeyWith(mock.url, {
              key_alias: 'test-rsa',
              key_spec: 'RSA_2048',
              key_usage: 'SIGN_VERIFY',
            })
          ).status,
        ).toBe(200);
      });
  });

  it('400 for an alias with a forbidden character', async () => {
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request with a space in key_alias')
      .withRequest('POST', path('create-key'), (b) =>
        b.headers(requestHeaders).jsonBody({ key_alias: 'not valid' }),
      )
      .willRespondWith(400, (b) => b.headers({ 'Content-Type': jsonContentType }).jsonBody(errorBody))
      .executeTest(async (mock) => {
        const res = await createKeyWith(mock.url, { key_alias: 'not valid' });
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ error: { error_code: 'KMS.1101' } });
      });
  });

  it('400 for an alias with the /default suffix', async () => {
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request with a /default alias')
      .withRequest('POST', path('create-key'), (b) =>
        b.headers(requestHeaders).jsonBody({ key_alias: 'obs/default' }),
      )
      .willRespondWith(400, (b) => b.headers({ 'Content-Type': jsonContentType }).jsonBody(errorBody))
      .executeTest(async (mock) => {
        expect((await createKeyWith(mock.url, { key_alias: 'obs/default' })).status).toBe(400);
      });
  });

  it('403 without a token', async () => {
    await pact
      .addInteraction()
      .given(states.project)
      .uponReceiving('a create-key request without X-Auth-Token')
      .withRequest('POST', path('create-key'), (b) =>
        b.headers({ 'Content-Type': 'application/json' }).jsonBody({ key_alias: alias('-noauth') }),
      )
      .willRespondWith(403, (b) =>
        b
          .headers({ 'Content-Type': jsonContentType })
          .jsonBody({ error: like({ error_code: 'KMS.0301', error_msg: 'Invalid or null X-Auth-Token.' }) }),
      )
      .executeTest(async (mock) => {
        expect((await createKeyWith(mock.url, { key_alias: 'test-noauth' }, { kind: 'none' })).status).toBe(
          403,
        );
      });
  });

  it('describe-key of an existing key', async () => {
    await pact
      .addInteraction()
      .given(states.keyExists)
      .uponReceiving('a describe-key request for an existing key')
      .withRequest('POST', path('describe-key'), (b) =>
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a provider-state expression, filled in by the verifier
        b.headers(requestHeaders).jsonBody({ key_id: fromProviderState('${keyId}', exampleKeyId) }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType }).jsonBody({
          key_info: like({
            key_id: regex('^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$', exampleKeyId),
            key_alias: 'test',
            key_spec: 'AES_256',
            key_usage: 'ENCRYPT_DECRYPT',
            key_state: regex('^[1-5]$', '2'),
            domain_id: regex('^[0-9a-f]{32}$', exampleDomainId),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const c = client(mock.url);
        const res = await c.call('describe-key', { key_id: exampleKeyId });
        await c.close();
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ key_info: { key_id: exampleKeyId, key_state: '2' } });
      });
  });
});

afterAll(() => {
  // The committed contract must be what this file produces; regenerate with `npm run pact:consumer`.
  const written = join(dir, pactFileName);
  const committed = resolve('pacts', pactFileName);
  expect(existsSync(written), `${written} was not written`).toBe(true);
  expect(existsSync(committed), `${committed} is missing: run npm run pact:consumer`).toBe(true);
  const strip = (text: string) => JSON.parse(text) as unknown;
  expect(strip(readFileSync(committed, 'utf8')), 'pacts/ is stale: run npm run pact:consumer').toEqual(
    strip(readFileSync(written, 'utf8')),
  );
});
