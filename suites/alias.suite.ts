import { aliasClasses, defaultLookalikeAliases, defaultSuffixAliases } from '../src/generators/alias.js';
import { check, checkEach, codeOf, expectAccepted, expectRejected, observeChoice } from './support/checks.js';
import { broken, create, freshAlias, run } from './support/target.js';

/**
 * Aliases that cannot carry the run prefix ("default", one character) may exist from an earlier run on a
 * live account. KMS.1104 (alias exists) then proves nothing either way, so the next candidate is tried.
 */
async function createFixedAlias(candidates: readonly string[]) {
  let last = await create({ key_alias: candidates[0] }, { expectKey: true });
  for (const alias of candidates.slice(1)) {
    if (!(last.status === 400 && codeOf(last) === 'KMS.1104')) break;
    last = await create({ key_alias: alias }, { expectKey: true });
  }
  return last;
}

check('CK-ALIAS-REQUIRED', 'a body without key_alias gets 400', async () => {
  for (const c of broken('CK-ALIAS-REQUIRED')) expectRejected(await create(c.body));
});

check('CK-ALIAS-LENGTH-VALID', 'an alias of 1 character gets 200', async () => {
  expectAccepted(await createFixedAlias([...aliasClasses.lower, ...aliasClasses.upper]));
});

check('CK-ALIAS-LENGTH-VALID', 'an alias of 255 characters gets 200', async () => {
  const alias = freshAlias('L').padEnd(255, 'z');
  expectAccepted(await create({ key_alias: alias }, { expectKey: true }));
});

checkEach('CK-ALIAS-LENGTH-INVALID', 'gets 400', broken('CK-ALIAS-LENGTH-INVALID'), async (c) => {
  expectRejected(await create(c.body));
});

checkEach(
  'CK-ALIAS-CHARSET-VALID',
  'gets 200',
  [
    ...Object.entries(aliasClasses).map(([label, chars]) => ({
      label: `class ${label}`,
      alias: `${freshAlias()}${chars}`,
    })),
    { label: 'all classes mixed', alias: `${freshAlias()}aZ9:/_-` },
  ],
  async (c) => expectAccepted(await create({ key_alias: c.alias }, { expectKey: true })),
);

checkEach('CK-ALIAS-CHARSET-INVALID', 'gets 400', broken('CK-ALIAS-CHARSET-INVALID'), async (c) => {
  expectRejected(await create(c.body));
});

checkEach(
  'CK-ALIAS-DEFAULT-SUFFIX',
  'gets 400',
  defaultSuffixAliases(run.runId).map((alias) => ({ label: alias.replace(run.runId, '<run>'), alias })),
  async (c) => expectRejected(await create({ key_alias: c.alias })),
);

checkEach(
  'CK-ALIAS-DEFAULT-LOOKALIKE',
  'gets 200',
  defaultLookalikeAliases(freshAlias()).map((alias) => ({ label: alias.replace(run.runId, '<run>'), alias })),
  async (c) => expectAccepted(await create({ key_alias: c.alias }, { expectKey: true })),
);

check('CK-ALIAS-DEFAULT-LOOKALIKE', 'the bare alias "default" gets 200', async (t) => {
  const res = await createFixedAlias(['default', 'Default', 'DEFAULT']);
  if (res.status === 400 && codeOf(res) === 'KMS.1104') {
    observeChoice(
      t,
      '"default", "Default" and "DEFAULT" are all in use already (KMS.1104): an earlier run created them',
    );
    return;
  }
  expectAccepted(res);
});

checkEach('CK-ALIAS-TYPE', 'gets 400', broken('CK-ALIAS-TYPE'), async (c) => {
  expectRejected(await create(c.body));
});
