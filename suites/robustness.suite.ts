/** Bodies that are not JSON or not objects, a very large body, and the seeded property with the schema as oracle. */
import fc from 'fast-check';
import { appendState } from '../src/config/state.js';
import { bodyOf, type DerivedCase } from '../src/generators/derive.js';
import { anyFieldValue, malformedBodies } from '../src/generators/random-values.js';
import { documentedStatuses } from '../src/spec/answer-rules.js';
import { type Classification, classify, rulesFor } from '../src/spec/oracle.js';
import { errorEnvelope, requestFields } from '../src/spec/schemas.js';
import type { Exchange } from '../src/transport/client.js';
import { toEvidence } from '../src/transport/evidence.js';
import {
  ConformanceFailure,
  check,
  checkDerived,
  checkEach,
  checkPlanned,
  derivedCases,
  expectRejected,
} from './support/checks.js';
import { budget, create, edition, fresh, run } from './support/target.js';

checkEach('CK-ROBUST-MALFORMED-JSON', 'gets 400', malformedBodies, async (c) => {
  expectRejected(await create(undefined, { rawBody: c.raw }));
});
checkDerived('CK-ROBUST-NOT-AN-OBJECT');
checkPlanned('CK-ROBUST-LARGE-BODY');

/** Keys the property may create on a target without --max-keys; with one, it uses what the plan left. */
const propertyKeys = 10;

interface Trial {
  readonly body: Record<string, unknown>;
  /** The fields replaced in a valid body, for naming what a refused valid body refused. */
  readonly replaced: readonly string[];
}

const fields = requestFields(edition).map((f) => f.name);
const cells = derivedCases().filter((c) => c.family === 'cell' && c.classification.expect === 'accept');
// Values that cannot carry the run prefix (a 1-character alias) may exist already: they are the key phase's.
const values = derivedCases().filter((c) => fields.includes(c.field) && c.family !== 'required' && !c.fixed);
/** Codes documented for a rule other than the one under test: such an answer is no evidence either way. */
const stateCodes = new Set(['KMS.1104', 'KMS.1105']);

/** A valid body with one or two fields replaced by derived or random values. */
const trial: fc.Arbitrary<Trial> = fc
  .record({
    cell: fc.constantFrom(...cells),
    swaps: fc.array(
      fc.oneof(
        fc
          .constantFrom(...values)
          .map((c: DerivedCase) => ({ field: c.field, value: () => c.patch(fresh)[c.field] })),
        fc
          .tuple(fc.constantFrom(...fields), anyFieldValue)
          .map(([field, value]) => ({ field, value: () => value })),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(({ cell, swaps }) => {
    const body = bodyOf(cell, fresh);
    for (const s of swaps) body[s.field] = s.value();
    return { body, replaced: swaps.map((s) => s.field) };
  });

/** The requirement a refused valid body breaks: the acceptance rule of the first field it replaced. */
function acceptRule(replaced: readonly string[]): string {
  for (const field of replaced)
    for (const keyword of ['pattern', 'enum', 'maxLength'])
      for (const rule of rulesFor(edition, field, keyword, 'accept')) return rule.id;
  return 'CK-CREATE-MINIMAL';
}

/** Where the answer and the oracle disagree, the requirement that says so and why. */
function disagreement(
  x: Exchange,
  expected: Classification,
  t: Trial,
): { id: string; message: string } | undefined {
  const enveloped = errorEnvelope(x.json);
  const documented = documentedStatuses[edition].includes(x.status) && x.status < 500;
  const refused = x.status >= 400 && x.status < 500 && documented && enveloped;
  const rules = expected.rules.map((r) => `${r.id} (${r.level})`).join(', ');
  if (expected.expect === 'refuse' && x.status !== 400)
    return {
      id: expected.rules[0]?.id ?? 'CK-ROBUST-NO-SERVER-ERROR',
      message: `Received ${x.status}; the body breaks ${rules}, so 400 with the envelope was expected`,
    };
  if (expected.expect === 'accept' && x.status !== 200)
    return {
      id: acceptRule(t.replaced),
      message: `Received ${x.status} ${x.text.slice(0, 120)}; the body is valid, so 200 was expected`,
    };
  if (expected.expect === 'either' && x.status !== 200 && !refused)
    return {
      id: expected.rules[0]?.id ?? 'CK-ROBUST-NO-SERVER-ERROR',
      message: `Received ${x.status}; under the open reading of ${rules} 200 or a documented 4xx with the envelope was expected`,
    };
  return undefined;
}

check(
  'CK-ROBUST-NO-SERVER-ERROR',
  `seeded random bodies never get a 5xx, and every answer agrees with the schema (seed ${run.seed}, ${run.numRuns} runs)`,
  async () => {
    let keys = 0;
    let last: { x: Exchange; found: { id: string; message: string }; t: Trial } | undefined;
    let serverError: string | undefined;
    const details = await fc.check(
      fc.asyncProperty(trial, async (t) => {
        const expected = classify(t.body, edition);
        // A body a target may accept makes a key: only while the budget (or the property's share) lasts.
        const mayCreate = expected.expect !== 'refuse';
        const slot = mayCreate && run.limits.maxKeys > 0 ? budget.take() : undefined;
        if (mayCreate && (run.limits.maxKeys > 0 ? slot === undefined : keys >= propertyKeys)) return true;
        const x = await create(t.body);
        if (x.status === 200) keys++;
        else if (slot) budget.give(slot);
        if (
          stateCodes.has(
            String((x.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code),
          )
        )
          return true;
        if (x.status >= 500) serverError = `${x.status} for ${JSON.stringify(t.body).slice(0, 200)}`;
        const found =
          x.status >= 500
            ? { id: 'CK-ROBUST-NO-SERVER-ERROR', message: `Received ${x.status}` }
            : disagreement(x, expected, t);
        if (found) last = { x, found, t };
        return found === undefined;
      }),
      { seed: run.seed, numRuns: run.numRuns, interruptAfterTimeLimit: 40_000 },
    );
    if (details.failed && last) {
      // The last failing run is the shrunk counterexample: its rule fails, with the body and a curl.
      appendState(run.stateDir, 'findings', {
        id: last.found.id,
        message: `the seeded property (seed ${run.seed}, path ${details.counterexamplePath ?? ''}) found: ${last.found.message}; body ${JSON.stringify(last.t.body).slice(0, 300)}`,
        exchangeId: last.x.id,
        test: 'CK-ROBUST-NO-SERVER-ERROR seeded property',
        ...toEvidence(last.x),
      });
    }
    if (serverError !== undefined) throw new ConformanceFailure(`Received a server error: ${serverError}`);
  },
  60_000,
);
