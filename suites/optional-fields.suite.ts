import { randomUUID } from 'node:crypto';
import {
  check,
  checkEach,
  describeChoice,
  expectAccepted,
  expectEitherWay,
  expectRejected,
  observeChoice,
} from './support/checks.js';
import { broken, create, freshAlias } from './support/target.js';

check('CK-SEQUENCE-VALID', 'a fresh UUID as sequence gets 200', async () => {
  expectAccepted(await create({ key_alias: freshAlias(), sequence: randomUUID() }, { expectKey: true }));
});

checkEach(
  'CK-SEQUENCE-LENGTH',
  'is answered either way',
  [
    { label: '35 bytes', sequence: randomUUID().slice(0, 35) },
    { label: '37 bytes', sequence: `${randomUUID()}0` },
    { label: '36 characters of 37 bytes', sequence: `é${randomUUID().slice(1)}` },
  ],
  async (c, t) => {
    const x = await create({ key_alias: freshAlias(), sequence: c.sequence }, { expectKey: true });
    observeChoice(t, describeChoice(x));
    expectEitherWay(x);
  },
);

check('CK-SEQUENCE-REPEAT', 'a repeated sequence with a new alias is answered either way', async (t) => {
  const sequence = randomUUID();
  expectAccepted(await create({ key_alias: freshAlias(), sequence }, { expectKey: true }));
  const again = await create({ key_alias: freshAlias(), sequence }, { expectKey: true });
  observeChoice(t, `second create with the same sequence: ${describeChoice(again)}`);
  expectEitherWay(again);
});

checkEach('CK-SEQUENCE-TYPE', 'gets 400', broken('CK-SEQUENCE-TYPE'), async (c) =>
  expectRejected(await create(c.body)),
);

check('CK-ENTERPRISE-PROJECT', 'enterprise_project_id "0" is answered either way', async (t) => {
  const x = await create({ key_alias: freshAlias(), enterprise_project_id: '0' }, { expectKey: true });
  observeChoice(t, describeChoice(x));
  expectEitherWay(x);
});

check('CK-UNKNOWN-FIELDS', 'an unknown body field is ignored or rejected', async (t) => {
  const x = await create({ key_alias: freshAlias(), kmsct_unknown_field: 'x' }, { expectKey: true });
  observeChoice(
    t,
    x.status === 200
      ? 'unknown fields are ignored (200)'
      : `unknown fields are rejected (${describeChoice(x)})`,
  );
  expectEitherWay(x);
});

checkEach('CK-KEYSTORE-ID', 'gets 400', broken('CK-KEYSTORE-ID'), async (c) =>
  expectRejected(await create(c.body)),
);
