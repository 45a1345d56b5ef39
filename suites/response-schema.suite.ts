import { expect } from 'vitest';
import { createKeyResponse, domainIdFormat, keyIdFormat, keySpecs } from '../src/spec/schemas.js';
import { check, expectAccepted } from './support/checks.js';
import { create, freshAlias } from './support/target.js';

/** key_info of accepted creates, one per key spec; the whole-body schema is CK-RESP-SCHEMA's business. */
async function keyInfos(count: number) {
  const bodies: unknown[] = [];
  for (const spec of keySpecs.slice(0, count)) {
    const x = await create({ key_alias: freshAlias(), key_spec: spec }, { expectKey: true });
    expectAccepted(x);
    bodies.push(x.json);
  }
  return bodies.map(
    (b) => (b as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)?.key_info ?? {},
  );
}

check(
  'CK-RESP-SCHEMA',
  '200 bodies for symmetric and asymmetric keys match the key_info schema',
  async () => {
    for (const spec of ['AES_256', 'RSA_2048', 'EC_P256']) {
      const x = await create({ key_alias: freshAlias(), key_spec: spec }, { expectKey: true });
      expectAccepted(x);
      expect(
        createKeyResponse(x.json),
        `Received ${x.text.slice(0, 300)}; expected {"key_info": {"key_id": String, "domain_id": String}}`,
      ).toBe(true);
    }
  },
);

check(
  'CK-RESP-KEY-ID-FORMAT',
  'key_id matches ^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$',
  async () => {
    for (const info of await keyInfos(2))
      expect(keyIdFormat(info.key_id), `Received key_id ${JSON.stringify(info.key_id)}`).toBe(true);
  },
);

check('CK-RESP-DOMAIN-ID-FORMAT', 'domain_id is 32 lowercase hex characters', async () => {
  for (const info of await keyInfos(2))
    expect(domainIdFormat(info.domain_id), `Received domain_id ${JSON.stringify(info.domain_id)}`).toBe(true);
});
