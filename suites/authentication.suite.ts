/** X-Auth-Token and AK/SK signing: whatever is not valid credentials for the project is refused (§2, §3). */
import { randomBytes } from 'node:crypto';
import { skipped } from '../src/findings/skips.js';
import { authRefusal, signatureRefusal } from '../src/judge/authentication.js';
import type { CallOptions } from '../src/transport/client.js';
import { toEvidence } from '../src/transport/evidence.js';
import type { Check } from './support/check.js';
import { defineSuite } from './support/suite.js';

/** The run's token with its last character changed. */
function mutate(token: string): string {
  const last = token.at(-1) === 'a' ? 'b' : 'a';
  return `${token.slice(0, -1)}${last}`;
}

defineSuite('authentication', (s) => {
  /** A create sent another way must be refused as the edition documents. */
  const refused = async (c: Check, options: Parameters<Check['create']>[1]) => {
    const x = await c.create({ key_alias: c.target.freshAlias() }, options);
    c.record(authRefusal(c.requirement, c.name, x, toEvidence(x), c.edition));
  };
  s.check('CK-AUTH-MISSING', 'a create without X-Auth-Token', (c) =>
    refused(c, { client: c.clientWith({ kind: 'none' }) }),
  );
  s.check('CK-AUTH-EMPTY', 'a create with an empty X-Auth-Token', (c) =>
    refused(c, { client: c.clientWith({ kind: 'token', token: '' }) }),
  );
  s.check('CK-AUTH-INVALID', 'a token IAM never issued', (c) =>
    refused(c, {
      client: c.clientWith({ kind: 'token', token: `MIIkmsct${randomBytes(24).toString('base64url')}` }),
    }),
  );
  s.check('CK-AUTH-INVALID', 'the run token with one character changed', (c) => {
    const token = mutate(c.run.auth.kind === 'token' ? c.run.auth.token : 'x');
    return refused(c, { client: c.clientWith({ kind: 'token', token }) });
  });
  s.check('CK-AUTH-OTHER-PROJECT', 'the run credentials against another project_id', (c) =>
    refused(c, { projectId: randomBytes(16).toString('hex') }),
  );

  // The control: a create of the key phase, signed, was accepted; the refusals below are then the signature's.
  s.planned('CK-AUTH-SIGNATURE');
  const signatures: readonly { label: string; wrongSk?: boolean; options?: CallOptions }[] = [
    { label: 'a signature made with another SK', wrongSk: true },
    {
      label: 'a body changed after signing',
      options: { tamperBody: (b: string) => b.replace('"key_alias":"', '"key_alias":"x') },
    },
    { label: 'an X-Sdk-Date 20 minutes old', options: { signingDate: new Date(Date.now() - 20 * 60_000) } },
    { label: 'a Host other than the one signed', options: { signingHost: 'kms.example.invalid' } },
  ];
  for (const signature of signatures)
    s.check('CK-AUTH-SIGNATURE', signature.label, async (c) => {
      const aksk = c.run.aksk;
      if (!aksk) return c.skip(skipped.credentials('AK/SK credentials (--ak and --sk)'));
      const client = c.clientWith({
        kind: 'aksk',
        ak: aksk.ak,
        sk: signature.wrongSk ? `${aksk.sk}x` : aksk.sk,
      });
      const x = await c.create({ key_alias: c.target.freshAlias() }, { client, ...signature.options });
      c.record(signatureRefusal(c.requirement, c.name, x, toEvidence(x)));
    });
});
