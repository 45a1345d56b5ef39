import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendState,
  type CreatedKey,
  type RefusedAlias,
  readState,
  refusal,
} from '../../src/config/state.js';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.js';
import { lookUpAccount } from '../../src/run/side-effects.js';
import { KmsClient } from '../../src/transport/client.js';

let server: ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A reference whose refused creates with a bad key_spec still store the key, and a client of it. */
async function leakyTarget() {
  server = await startReferenceServer({ faults: ['rejected-but-stored'] });
  const client = new KmsClient({
    baseUrl: server.url,
    projectId: server.projectId,
    auth: { kind: 'token', token: server.token },
  });
  return { client, stateDir: mkdtempSync(join(tmpdir(), 'kmsct-side-')) };
}

describe('CK-REJECT-NO-SIDE-EFFECT: keys left under refused aliases', () => {
  it('flags and cleans up a key the refused request made, and leaves alone a key the account already had', async () => {
    const { client, stateDir } = await leakyTarget();
    // A key of the account's own, made before the run; the run's create of that alias is a duplicate.
    const before = await client.call('create-key', { key_alias: 'shared', key_spec: 'AES_256' });
    expect(before.status).toBe(200);
    const duplicate = await client.call('create-key', { key_alias: 'shared', key_spec: 'AES_256' });
    expect([
      duplicate.status,
      (duplicate.json as { error?: { error_code?: string } }).error?.error_code,
    ]).toEqual([400, 'KMS.1104']);
    // A refused create that the faulty target stores anyway.
    const leak = await client.call('create-key', { key_alias: 'leak', key_spec: 'AES_999' });
    expect(leak.status).toBe(400);
    for (const [alias, x] of [
      ['shared', duplicate],
      ['leak', leak],
    ] as const)
      appendState(stateDir, 'refused', refusal(alias, `test of ${alias}`, x));

    const findings = await lookUpAccount(client, stateDir, 'kmsct-test-0000');
    await client.close();
    expect(findings.map((f) => [f.requirement, f.status, f.case])).toEqual([
      ['CK-REJECT-NO-SIDE-EFFECT', 'fail', 'the refused creates of the run: test of leak'],
    ]);
    expect(findings[0]?.message).toMatch(
      /^list-keys shows key \S+ under alias "leak", which the target refused with 400$/,
    );
    // Only the leaked key is scheduled for clean-up: never the account's own.
    expect(readState<CreatedKey>(stateDir, 'keys').map((k) => k.alias)).toEqual(['leak']);
  });

  it('does not count a key made under a refused alias at another time (a parallel shard, later)', async () => {
    const { client, stateDir } = await leakyTarget();
    const leak = await client.call('create-key', { key_alias: 'later', key_spec: 'AES_999' });
    const record = refusal('later', 'test of later', leak);
    // The same refusal, had it been sent an hour before the key was made.
    const { from, to } = record.window ?? { from: 0, to: 0 };
    const hour = 3_600_000;
    appendState(stateDir, 'refused', { ...record, window: { from: from - hour, to: to - hour } });
    const findings = await lookUpAccount(client, stateDir, 'kmsct-test-0000');
    await client.close();
    expect(findings.map((f) => [f.requirement, f.status])).toEqual([['CK-REJECT-NO-SIDE-EFFECT', 'pass']]);
    expect(readState<CreatedKey>(stateDir, 'keys')).toEqual([]);
  });

  it('finds a key the run made but never heard of by its alias prefix, and records it for the clean-up', async () => {
    const { client, stateDir } = await leakyTarget();
    const answered = await client.call('create-key', { key_alias: 'kmsct-test-0000-k0' });
    const unheard = await client.call('create-key', { key_alias: 'kmsct-test-0000-k1' });
    const other = await client.call('create-key', { key_alias: 'kmsct-other-1111-k0' });
    expect([answered.status, unheard.status, other.status]).toEqual([200, 200, 200]);
    appendState(stateDir, 'keys', {
      keyId: (answered.json as { key_info: { key_id: string } }).key_info.key_id,
      alias: 'kmsct-test-0000-k0',
      domainId: 'd',
      test: 't',
    });
    expect(await lookUpAccount(client, stateDir, 'kmsct-test-0000')).toEqual([]);
    await client.close();
    // The answered key once, the unheard one added; another run's key is left alone.
    expect(readState<CreatedKey>(stateDir, 'keys').map((k) => k.alias)).toEqual([
      'kmsct-test-0000-k0',
      'kmsct-test-0000-k1',
    ]);
  });

  it("takes the target's time from the Date header: the window holds the answer's second", async () => {
    const { client } = await leakyTarget();
    const x = await client.call('create-key', { key_alias: 'w', key_spec: 'AES_999' });
    await client.close();
    const date = Date.parse(x.headers.date ?? '');
    const record: RefusedAlias = refusal('w', 't', x);
    expect(record.window?.from).toBeLessThanOrEqual(date - x.durationMs);
    expect(record.window?.to).toBeGreaterThanOrEqual(date + 1000);
    expect(refusal('w', 't', { ...x, headers: {} }).window).toBeUndefined();
  });
});
