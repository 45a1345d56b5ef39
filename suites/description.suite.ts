import { checkEach, expectAccepted, expectRejected } from './support/checks.js';
import { broken, create, freshAlias } from './support/target.js';

checkEach(
  'CK-DESC-LENGTH-VALID',
  'gets 200',
  [
    { label: '0 characters', description: '' },
    { label: '1 character', description: 'd' },
    { label: '255 ASCII characters', description: 'd'.repeat(255) },
  ],
  async (c) =>
    expectAccepted(
      await create({ key_alias: freshAlias(), key_description: c.description }, { expectKey: true }),
    ),
);

checkEach('CK-DESC-LENGTH-INVALID', 'gets 400', broken('CK-DESC-LENGTH-INVALID'), async (c) =>
  expectRejected(await create(c.body)),
);

checkEach(
  'CK-DESC-CODE-POINTS',
  'gets 200',
  [
    { label: '255 CJK characters (765 UTF-8 bytes)', description: '密'.repeat(255) },
    { label: '255 emoji (510 UTF-16 units, 1020 bytes)', description: '😀'.repeat(255) },
  ],
  async (c) =>
    expectAccepted(
      await create({ key_alias: freshAlias(), key_description: c.description }, { expectKey: true }),
    ),
);

checkEach('CK-DESC-TYPE', 'gets 400', broken('CK-DESC-TYPE'), async (c) =>
  expectRejected(await create(c.body)),
);
