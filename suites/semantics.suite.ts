/** What the keys of the run must show: distinct ids, one domain, the attributes they were created with. */

import { expect } from 'vitest';
import { skipped } from '../src/config/skips.js';
import type { ListKeysResponse } from '../src/spec/api-types.js';
import { errorEnvelope, keyStateResponse } from '../src/spec/schemas.js';
import {
  check,
  checkPlanned,
  codeOf,
  derivedCases,
  expectRejected,
  needs,
  sendCase,
} from './support/checks.js';
import { call, create, freshAlias, kmsWith, run } from './support/target.js';

checkPlanned('CK-KEY-ID-UNIQUE');
checkPlanned('CK-DOMAIN-ID-STABLE');
checkPlanned('CK-DESCRIBE-ECHO');
checkPlanned('CK-KEY-ENABLED');
checkPlanned('CK-ALIAS-DUPLICATE');

check('CK-REJECT-NO-SIDE-EFFECT', 'refused creates leave no key with their alias', async (t) => {
  needs(t, 'listKeys');
  // One refused case of each of a few rules, and one without credentials: none may leave a key behind.
  const cases = [
    'CK-SPEC-ENUM-INVALID',
    'CK-USAGE-ENUM-INVALID',
    'CK-DESC-LENGTH-INVALID',
    'CK-ORIGIN-ENUM-INVALID',
  ].flatMap(
    (id) =>
      derivedCases().find(
        (c) =>
          c.classification.expect === 'refuse' && c.classification.rules.some((r) => r.id === id) && !c.raw,
      ) ?? [],
  );
  const aliases: string[] = [];
  for (const c of cases) {
    const x = await sendCase(c);
    const sent = JSON.parse(x.request.body) as { key_alias?: unknown };
    if (x.status >= 400 && typeof sent.key_alias === 'string') aliases.push(sent.key_alias);
  }
  const anonymous = freshAlias('r');
  if ((await create({ key_alias: anonymous }, { client: kmsWith({ kind: 'none' }) })).status >= 400)
    aliases.push(anonymous);
  const listed = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const x = await call('list-keys', {
      key_spec: 'ALL',
      limit: '1000',
      ...(marker !== undefined && { marker }),
    });
    expect(x.status, `list-keys received ${x.status} ${x.text.slice(0, 200)}`).toBe(200);
    const body = x.json as ListKeysResponse;
    for (const k of body.key_details ?? []) listed.add(k.key_alias);
    if (body.truncated !== 'true' || !body.next_marker) break;
    marker = body.next_marker;
  }
  expect(
    aliases.filter((a) => listed.has(a)),
    'aliases of refused creates found in list-keys',
  ).toEqual([]);
});

check(
  'CK-DELETION-SCHEDULE',
  'schedule for 7 days gives key_state "4", 6 days gets 400, cancel gets 200',
  async (t) => {
    const key = run.keys.keys.find((k) => k.replayOf === undefined);
    if (!key) t.skip(skipped.other('the key phase made no key'));
    const key_id = key?.keyId ?? '';
    const six = await call('schedule-key-deletion', { key_id, pending_days: '6' });
    if (
      (six.status === 404 || six.status === 405) &&
      (!errorEnvelope(six.json) || codeOf(six) === 'KMS.0201')
    )
      t.skip(skipped.capability('schedule-key-deletion', `it answered ${six.status}`));
    expectRejected(six);
    const seven = await call('schedule-key-deletion', { key_id, pending_days: '7' });
    expect(seven.status, `Received ${seven.status} ${seven.text.slice(0, 200)}`).toBe(200);
    expect(keyStateResponse(seven.json), `Received ${seven.text.slice(0, 200)}`).toBe(true);
    expect((seven.json as { key_state: string }).key_state).toBe('4');
    const cancel = await call('cancel-key-deletion', { key_id });
    expect(cancel.status, `Received ${cancel.status} ${cancel.text.slice(0, 200)}`).toBe(200);
  },
);
