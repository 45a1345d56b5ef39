import { expect } from 'vitest';
import { brokenRequests } from '../src/generators/broken-requests.js';
import { requirement } from '../src/spec/catalogue/index.js';
import { createKeyResponse, errorEnvelope } from '../src/spec/schemas.js';
import { check, codeOf, expectAccepted, observeChoice } from './support/checks.js';
import { documentedStatuses } from './support/observers.js';
import { create, edition, freshAlias, kmsWith } from './support/target.js';

check('CK-CREATE-MINIMAL', 'the seed example body {"key_alias": <fresh>} gets 200 and key_info', async () => {
  const res = await create({ key_alias: freshAlias() }, { expectKey: true });
  expectAccepted(res);
  expect(
    createKeyResponse(res.json),
    `Received ${res.text}; expected key_info with key_id and domain_id`,
  ).toBe(true);
});

check(
  'CK-STATUS-DOCUMENTED',
  'an accepted, a rejected and an unauthenticated create get documented statuses',
  async () => {
    const answers = [
      await create({ key_alias: freshAlias() }, { expectKey: true }),
      await create({ key_alias: '' }),
      await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'none' }) }),
    ];
    for (const x of answers)
      expect(documentedStatuses[edition], `Received ${x.status} ${x.text.slice(0, 200)}`).toContain(x.status);
  },
);

check('CK-ERROR-ENVELOPE', 'a 400 and a 403 carry {"error": {"error_code", "error_msg"}}', async () => {
  for (const x of [
    await create({ key_alias: '' }),
    await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'none' }) }),
  ]) {
    expect(x.status).toBeGreaterThanOrEqual(400);
    expect(
      errorEnvelope(x.json),
      `Received ${x.status} ${x.text.slice(0, 300)}; expected the error envelope`,
    ).toBe(true);
  }
});

const rejections = () =>
  brokenRequests(freshAlias, edition).filter(
    (c) => c.body !== undefined && requirement(c.rule).reference !== undefined,
  );

check('CK-ERROR-CODE-FORMAT', 'error codes of rejections have the form KMS.NNNN', async () => {
  for (const c of rejections().slice(0, 12)) {
    const x = await create(c.body);
    if (x.status < 400) continue;
    expect(String(codeOf(x)), `${c.label}: received ${x.text.slice(0, 200)}`).toMatch(/^(KMS|APIGW)\.\d{4}$/);
  }
});

check(
  'CK-ERROR-CODE-OBSERVED',
  'the error code of each fault is recorded beside the code of §4',
  async (t) => {
    const notes: string[] = [];
    for (const c of rejections()) {
      const x = await create(c.body);
      const expected = requirement(c.rule).reference?.code;
      if (x.status >= 400 && codeOf(x) !== expected)
        notes.push(`${c.label}: ${String(codeOf(x))} (reference ${String(expected)})`);
      // The only way to fail: no envelope at all (a code that differs is a note, never a failure).
      if (x.status >= 400)
        expect(errorEnvelope(x.json), `${c.label}: received ${x.text.slice(0, 200)}`).toBe(true);
    }
    observeChoice(
      t,
      notes.length === 0
        ? 'every code matches the reference codes of §4'
        : `codes that differ from §4: ${notes.slice(0, 10).join('; ')}`,
    );
  },
);

check('CK-CONTENT-TYPE', 'accepted and rejected answers are declared application/json', async () => {
  for (const x of [
    await create({ key_alias: freshAlias() }, { expectKey: true }),
    await create({ key_alias: '' }),
  ]) {
    expect(
      x.headers['content-type'] ?? '',
      `Received Content-Type ${JSON.stringify(x.headers['content-type'])}`,
    ).toMatch(/^application\/json\s*(;|$)/i);
  }
});
