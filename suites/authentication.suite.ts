import { randomBytes } from 'node:crypto';
import { expect, type TestContext } from 'vitest';
import { skipped } from '../src/config/skips.js';
import { check, checkEach, checkPlanned, expectAuthRefused } from './support/checks.js';
import { create, freshAlias, kmsWith, run } from './support/target.js';

check('CK-AUTH-MISSING', 'a create without X-Auth-Token is refused', async () => {
  expectAuthRefused(await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'none' }) }));
});

check('CK-AUTH-EMPTY', 'a create with an empty X-Auth-Token is refused', async () => {
  expectAuthRefused(
    await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'token', token: '' }) }),
  );
});

checkEach(
  'CK-AUTH-INVALID',
  'is refused',
  [
    { label: 'a token IAM never issued', token: `MIIkmsct${randomBytes(24).toString('base64url')}` },
    { label: 'the run token with one character changed', token: '' },
  ],
  async (c) => {
    const token = c.token !== '' ? c.token : mutate(run.auth.kind === 'token' ? run.auth.token : 'x');
    expectAuthRefused(
      await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'token', token }) }),
    );
  },
);

function mutate(token: string): string {
  const last = token.at(-1) === 'a' ? 'b' : 'a';
  return `${token.slice(0, -1)}${last}`;
}

check('CK-AUTH-OTHER-PROJECT', 'the run credentials against another project_id are refused', async () => {
  const other = randomBytes(16).toString('hex');
  expectAuthRefused(await create({ key_alias: freshAlias() }, { projectId: other }));
});

function signer(t: TestContext) {
  if (!run.aksk) t.skip(skipped.credentials('AK/SK credentials (--ak and --sk)'));
  return kmsWith({ kind: 'aksk', ...(run.aksk as { ak: string; sk: string }) });
}

// The control: a create of the key phase, signed, was accepted; the refusals below are then the signature's.
checkPlanned('CK-AUTH-SIGNATURE');

checkEach(
  'CK-AUTH-SIGNATURE',
  'is refused',
  [
    { label: 'a signature made with another SK', options: { wrongSk: true } },
    {
      label: 'a body changed after signing',
      options: { tamperBody: (b: string) => b.replace('"key_alias":"', '"key_alias":"x') },
    },
    { label: 'an X-Sdk-Date 20 minutes old', options: { signingDate: new Date(Date.now() - 20 * 60_000) } },
    { label: 'a Host other than the one signed', options: { signingHost: 'kms.example.invalid' } },
  ],
  async (c, t) => {
    const base = signer(t);
    const { wrongSk, ...options } = c.options as { wrongSk?: boolean };
    const client = wrongSk
      ? kmsWith({ kind: 'aksk', ak: run.aksk?.ak ?? '', sk: `${run.aksk?.sk ?? ''}x` })
      : base;
    const x = await create({ key_alias: freshAlias() }, { client, ...options });
    // AK/SK is a later addition: a gateway refusal (401) is as good as 403.
    expect([401, 403], `Received ${x.status} ${x.text.slice(0, 200)}; expected 401 or 403`).toContain(
      x.status,
    );
  },
);
