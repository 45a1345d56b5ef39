import fc from 'fast-check';
import { expect } from 'vitest';
import { brokenRequest, oddFieldValue } from '../src/generators/broken-requests.js';
import { validCreateKeyRequest } from '../src/generators/create-key-request.js';
import { createKeyFields, createKeyRequest } from '../src/spec/schemas.js';
import { reserveKeySlot } from '../src/config/state.js';
import {
  check,
  checkEach,
  describeChoice,
  expectEitherWay,
  expectRejected,
  observeChoice,
} from './support/checks.js';
import { documentedStatuses } from './support/observers.js';
import { broken, create, edition, freshAlias, run } from './support/target.js';

checkEach('CK-ROBUST-MALFORMED-JSON', 'gets 400', broken('CK-ROBUST-MALFORMED-JSON'), async (c) => {
  expectRejected(await create(undefined, { rawBody: c.raw ?? '' }));
});

checkEach('CK-ROBUST-NOT-AN-OBJECT', 'gets 400', broken('CK-ROBUST-NOT-AN-OBJECT'), async (c) => {
  expectRejected(await create(undefined, { rawBody: c.raw ?? '' }));
});

const fields = createKeyFields(edition);

/** Valid bodies, one-rule-broken bodies, and valid bodies with one field replaced by an odd JSON value. */
const fuzzBody = fc.oneof(
  validCreateKeyRequest({ prefix: run.runId, edition }).map((body) => ({ body })),
  brokenRequest(freshAlias, edition).map((c) => (c.raw !== undefined ? { raw: c.raw } : { body: c.body })),
  fc
    .tuple(validCreateKeyRequest({ prefix: run.runId, edition }), fc.constantFrom(...fields), oddFieldValue)
    .map(([body, field, value]) => ({ body: { ...body, [field]: value } })),
);

check(
  'CK-ROBUST-NO-SERVER-ERROR',
  `seeded random bodies never get a 5xx (seed ${run.seed}, ${run.numRuns} runs)`,
  async () => {
    await fc.assert(
      fc.asyncProperty(fuzzBody, async (c) => {
        const valid = c.body !== undefined && createKeyRequest[edition](c.body);
        // A body that may create a key takes a --max-keys slot; without one it is not sent.
        if (valid && !reserveKeySlot(run.stateDir, run.limits.maxKeys)) return;
        const x =
          c.body !== undefined ? await create(c.body) : await create(undefined, { rawBody: c.raw ?? '' });
        expect(x.status, `Received ${x.status} ${x.text.slice(0, 200)}`).toBeLessThan(500);
        expect(documentedStatuses[edition], `Received ${x.status} ${x.text.slice(0, 200)}`).toContain(
          x.status,
        );
      }),
      { seed: run.seed, numRuns: run.numRuns, endOnFailure: true },
    );
  },
  60_000,
);

/** The deterministic half: every field of a valid body, in turn, holding each JSON type it should not. */
const oddTypes: readonly unknown[] = [42, -1.5, true, null, ['x'], { x: 1 }];
check('CK-ROBUST-NO-SERVER-ERROR', 'every field holding every wrong JSON type never gets a 5xx', async () => {
  for (const field of fields) {
    for (const value of oddTypes) {
      const x = await create({ key_alias: freshAlias('o'), [field]: value });
      expect(
        x.status,
        `${field} = ${JSON.stringify(value)}: received ${x.status} ${x.text.slice(0, 200)}`,
      ).toBeLessThan(500);
    }
  }
});

check(
  'CK-ROBUST-LARGE-BODY',
  'a valid body padded with 1 MiB of whitespace is answered either way',
  async (t) => {
    const body = JSON.stringify({ key_alias: freshAlias() });
    const x = await create(undefined, {
      rawBody: `${body.slice(0, -1)}${' '.repeat(1024 * 1024)}}`,
      expectKey: true,
    });
    observeChoice(t, describeChoice(x));
    expectEitherWay(x);
  },
);
