/** Statuses, the error envelope, error codes and Content-Type (§3, §4, §7). */
import { expect } from 'vitest';
import { documentedStatuses } from '../src/spec/answer-rules.js';
import { requirement } from '../src/spec/catalogue/index.js';
import { errorEnvelope } from '../src/spec/schemas.js';
import { check, checkPlanned, codeOf, derivedCases, observeChoice, sendCase } from './support/checks.js';
import { create, edition, freshAlias, kmsWith, run } from './support/target.js';

checkPlanned('CK-CREATE-MINIMAL');

/** The first answer of 200 the key phase received, as the suites' own evidence of an accepted create. */
const accepted = () => run.keys.sends.find((s) => s.status === 200);

/** One refused case per rule of the catalogue that has a reference code. */
const onePerRule = () => {
  const seen = new Set<string>();
  return derivedCases().filter((c) => {
    const rule = c.classification.rules[0]?.id;
    if (c.classification.expect !== 'refuse' || !rule || seen.has(rule) || !requirement(rule).reference)
      return false;
    seen.add(rule);
    return true;
  });
};

check(
  'CK-STATUS-DOCUMENTED',
  'an accepted, a refused and an unauthenticated create get documented statuses',
  async () => {
    const statuses = [
      ...(accepted() ? [accepted()?.status ?? 0] : []),
      (await create({ key_alias: '' })).status,
      (await create({ key_alias: freshAlias() }, { client: kmsWith({ kind: 'none' }) })).status,
    ];
    for (const status of statuses)
      expect(documentedStatuses[edition], `Received ${status}`).toContain(status);
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

check('CK-ERROR-CODE-FORMAT', 'error codes of refusals have the form KMS.NNNN', async () => {
  for (const c of onePerRule()) {
    const x = await sendCase(c);
    if (x.status < 400) continue;
    expect(String(codeOf(x)), `${c.key}: received ${x.text.slice(0, 200)}`).toMatch(/^(KMS|APIGW)\.\d{4}$/);
  }
});

check(
  'CK-ERROR-CODE-OBSERVED',
  'the error code of each fault is recorded beside the code of §4',
  async (t) => {
    const notes: string[] = [];
    for (const c of onePerRule()) {
      const x = await sendCase(c);
      const rule = c.classification.rules[0]?.id ?? '';
      const expected = requirement(rule).reference?.code;
      if (x.status >= 400 && codeOf(x) !== expected)
        notes.push(`${rule}: ${String(codeOf(x))} (reference ${String(expected)})`);
      // The only way to fail: no envelope at all (a code that differs is a note, never a failure).
      if (x.status >= 400)
        expect(errorEnvelope(x.json), `${c.key}: received ${x.text.slice(0, 200)}`).toBe(true);
    }
    observeChoice(
      t,
      notes.length === 0
        ? 'every code matches the reference codes of §4'
        : `codes that differ from §4: ${notes.slice(0, 10).join('; ')}`,
    );
  },
);

check('CK-CONTENT-TYPE', 'accepted and refused answers are declared application/json', async () => {
  const refused = await create({ key_alias: '' });
  const types = [
    ...(accepted() ? [accepted()?.evidence.response.headers['content-type']] : []),
    refused.headers['content-type'],
  ];
  for (const type of types)
    expect(type ?? '', `Received Content-Type ${JSON.stringify(type)}`).toMatch(
      /^application\/json\s*(;|$)/i,
    );
});
