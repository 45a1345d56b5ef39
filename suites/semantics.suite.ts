import { expect, type TestContext } from 'vitest';
import type { KeyDetails, ListKeysResponse } from '../src/spec/api-types.js';
import { errorEnvelope, keyStateResponse } from '../src/spec/schemas.js';
import {
  check,
  codeOf,
  describeChoice,
  expectAccepted,
  expectRejected,
  needs,
  observeChoice,
} from './support/checks.js';
import { call, create, freshAlias, kmsWith } from './support/target.js';

const keyInfo = (json: unknown) => (json as { key_info: { key_id: string; domain_id: string } }).key_info;

async function createKey(fields: Record<string, unknown> = {}) {
  const x = await create({ key_alias: freshAlias(), ...fields }, { expectKey: true });
  expectAccepted(x);
  return keyInfo(x.json);
}

async function describe(t: TestContext, keyId: string): Promise<KeyDetails> {
  needs(t, 'describeKey');
  const x = await call('describe-key', { key_id: keyId });
  expect(x.status, `describe-key received ${x.status} ${x.text.slice(0, 200)}`).toBe(200);
  return (x.json as { key_info: KeyDetails }).key_info;
}

check('CK-KEY-ID-UNIQUE', 'ten keys created one after another have ten key_ids', async () => {
  const ids = new Set<string>();
  for (let i = 0; i < 10; i++) ids.add((await createKey()).key_id);
  expect(ids.size, `Received ${ids.size} distinct key_ids for 10 keys`).toBe(10);
});

check('CK-DOMAIN-ID-STABLE', 'keys of one account share one domain_id', async () => {
  const domains = new Set<string>();
  for (const spec of ['AES_256', 'RSA_2048', 'SM2'])
    domains.add((await createKey({ key_spec: spec })).domain_id);
  expect([...domains], 'Received several domain_ids for one set of credentials').toHaveLength(1);
});

check(
  'CK-DESCRIBE-ECHO',
  'describe-key shows the alias, spec, usage, description and domain of the create',
  async (t) => {
    needs(t, 'describeKey');
    const alias = freshAlias();
    const x = await create(
      { key_alias: alias, key_spec: 'RSA_4096', key_usage: 'SIGN_VERIFY', key_description: 'echo 回声' },
      { expectKey: true },
    );
    expectAccepted(x);
    const info = keyInfo(x.json);
    const details = await describe(t, info.key_id);
    expect(details).toMatchObject({
      key_id: info.key_id,
      key_alias: alias,
      key_spec: 'RSA_4096',
      key_usage: 'SIGN_VERIFY',
      key_description: 'echo 回声',
      domain_id: info.domain_id,
    });
  },
);

check('CK-KEY-ENABLED', 'a key with origin kms is enabled ("2", or "1" briefly)', async (t) => {
  needs(t, 'describeKey');
  const details = await describe(t, (await createKey()).key_id);
  expect(['1', '2'], `Received key_state ${JSON.stringify(details.key_state)}`).toContain(details.key_state);
});

check('CK-REJECT-NO-SIDE-EFFECT', 'rejected creates leave no key with their alias', async (t) => {
  needs(t, 'listKeys');
  const rejectedAliases: string[] = [];
  for (const [body, client] of [
    [{ key_spec: 'AES_256 ', key_alias: freshAlias('r') }, undefined],
    [{ key_usage: 'SIGN', key_spec: 'RSA_2048', key_alias: freshAlias('r') }, undefined],
    [{ key_description: 'd'.repeat(256), key_alias: freshAlias('r') }, undefined],
    [{ key_alias: freshAlias('r') }, kmsWith({ kind: 'none' })],
  ] as const) {
    const x = await create(body, client ? { client } : {});
    if (x.status >= 400) rejectedAliases.push(body.key_alias);
  }
  const aliases = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const x = await call('list-keys', {
      key_spec: 'ALL',
      limit: '1000',
      ...(marker !== undefined && { marker }),
    });
    expect(x.status, `list-keys received ${x.status} ${x.text.slice(0, 200)}`).toBe(200);
    const body = x.json as ListKeysResponse;
    for (const k of body.key_details ?? []) aliases.add(k.key_alias);
    if (body.truncated !== 'true' || !body.next_marker) break;
    marker = body.next_marker;
  }
  expect(
    rejectedAliases.filter((a) => aliases.has(a)),
    'aliases of rejected creates found in list-keys',
  ).toEqual([]);
});

check('CK-ALIAS-DUPLICATE', 'a second create with an alias in use gets 400', async (t) => {
  const alias = freshAlias('d');
  expectAccepted(await create({ key_alias: alias }, { expectKey: true }));
  const again = await create({ key_alias: alias }, { expectKey: true });
  observeChoice(t, `second create of one alias: ${describeChoice(again)}`);
  expectRejected(again);
});

check(
  'CK-DELETION-SCHEDULE',
  'schedule for 7 days gives key_state "4", 6 days gets 400, cancel gets 200',
  async (t) => {
    const { key_id } = await createKey();
    const six = await call('schedule-key-deletion', { key_id, pending_days: '6' });
    if (
      (six.status === 404 || six.status === 405) &&
      (!errorEnvelope(six.json) || codeOf(six) === 'KMS.0201')
    ) {
      t.skip(`skipped: the target offers no schedule-key-deletion (${six.status})`);
    }
    expectRejected(six);
    const seven = await call('schedule-key-deletion', { key_id, pending_days: '7' });
    expect(seven.status, `Received ${seven.status} ${seven.text.slice(0, 200)}`).toBe(200);
    expect(keyStateResponse(seven.json), `Received ${seven.text.slice(0, 200)}`).toBe(true);
    expect((seven.json as { key_state: string }).key_state).toBe('4');
    const cancel = await call('cancel-key-deletion', { key_id });
    expect(cancel.status, `Received ${cancel.status} ${cancel.text.slice(0, 200)}`).toBe(200);
  },
);
