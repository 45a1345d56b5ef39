/** X-Auth-Token and AK/SK signing: whatever is not valid credentials for the project is refused (§2, §3). */
import { randomBytes } from 'node:crypto';
import { skipped } from '../src/findings/skips.js';
import { signatureVariants, tokenVariants } from '../src/generators/credentials.js';
import { authRefusal, signatureRefusal } from '../src/judge/authentication.js';
import type { CallOptions } from '../src/transport/client.js';
import { toEvidence } from '../src/transport/evidence.js';
import type { Check } from './support/check.js';
import { defineSuite } from './support/suite.js';

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
  // The run's own token, altered as a loose comparison would let it through (src/generators/credentials.ts).
  const own = s.run.auth.kind === 'token' ? s.run.auth.token : undefined;
  for (const variant of own !== undefined ? tokenVariants(own) : [])
    s.check('CK-AUTH-INVALID', `the run token ${variant.label}`, (c) =>
      refused(c, { client: c.clientWith({ kind: 'token', token: variant.value }) }),
    );
  s.check('CK-AUTH-OTHER-PROJECT', 'the run credentials against another project_id', (c) =>
    refused(c, { projectId: randomBytes(16).toString('hex') }),
  );
  // The same with a signature: a project in the URL (and X-Project-Id) the AK has no access to, and an
  // X-Project-Id other than the URL's.
  const signedElsewhere = [
    { label: 'signed for another project_id, in the URL and X-Project-Id', url: true },
    { label: 'signed with an X-Project-Id other than the URL’s', url: false },
  ];
  for (const other of signedElsewhere)
    s.check('CK-AUTH-OTHER-PROJECT', other.label, async (c) => {
      const aksk = c.run.aksk;
      if (!aksk) return c.skip(skipped.credentials('AK/SK credentials (--ak and --sk)'));
      const project = randomBytes(16).toString('hex');
      const client = c.clientWith({ kind: 'aksk', ...aksk });
      await refused(c, { client, ...(other.url ? { projectId: project } : { signedProjectId: project }) });
    });

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

  // The signature header altered part by part (src/generators/credentials.ts). Sent as describe-key of a key of
  // the run where the target offers it: a target that lets one through then makes no key, so a live account's
  // budget is not spent proving the same hole again; create-key otherwise.
  for (const variant of signatureVariants())
    s.check('CK-AUTH-SIGNATURE', `a signature header with ${variant.label}`, async (c) => {
      const aksk = c.run.aksk;
      if (!aksk) return c.skip(skipped.credentials('AK/SK credentials (--ak and --sk)'));
      const client = c.clientWith({ kind: 'aksk', ...aksk });
      const options = { client, tamperAuthorization: variant.alter };
      const key = s.capabilityGap(['describe-key']) ? undefined : s.firstKey();
      const x =
        key === undefined
          ? await c.create({ key_alias: c.target.freshAlias() }, options)
          : await client.call('describe-key', { key_id: key.keyId }, { tamperAuthorization: variant.alter });
      c.record(signatureRefusal(c.requirement, c.name, x, toEvidence(x)));
    });

  // Every operation checks the signature, not only create-key: each signed with another SK, on a key of the run.
  const operations = [
    { operation: 'describe-key', needs: 'describe-key', body: (keyId: string) => ({ key_id: keyId }) },
    { operation: 'list-keys', needs: 'list-keys', body: () => ({ limit: '1' }) },
    {
      operation: 'schedule-key-deletion',
      needs: 'describe-key',
      body: (keyId: string) => ({ key_id: keyId, pending_days: '7' }),
    },
  ] as const;
  for (const op of operations)
    s.check('CK-AUTH-SIGNATURE', `${op.operation} signed with another SK`, async (c) => {
      const aksk = c.run.aksk;
      if (!aksk) return c.skip(skipped.credentials('AK/SK credentials (--ak and --sk)'));
      const gap = s.capabilityGap([op.needs]);
      if (gap) return c.skip(gap);
      const key = s.firstKey();
      if (key === undefined) return c.skip(skipped.other('no key of the run to name'));
      const client = c.clientWith({ kind: 'aksk', ak: aksk.ak, sk: `${aksk.sk}x` });
      const x = await client.call(op.operation, op.body(key.keyId));
      c.record(signatureRefusal(c.requirement, c.name, x, toEvidence(x)));
    });
});
