/** Bodies that are not JSON or not objects, a very large body, and the seeded property with the schema as oracle. */
import fc from 'fast-check';
import { classify } from '../src/catalogue/oracle.js';
import { requestFields } from '../src/catalogue/schemas.js';
import { errorCodeOf } from '../src/errors.js';
import { bodyOf, type DerivedCase } from '../src/generators/derive.js';
import { anyFieldValue, malformedBodies } from '../src/generators/random-values.js';
import { disagreement, type PropertyRun, propertyFindings, type Trial } from '../src/judge/property.js';
import { isStateRefusal, refusal } from '../src/judge/refusals.js';
import { TransportError } from '../src/transport/errors.js';
import { toEvidence, unansweredEvidence } from '../src/transport/evidence.js';
import type { Check } from './support/check.js';
import { defineSuite, type Suite } from './support/suite.js';
import { KeyBudgetExhausted } from './support/target.js';

/** Keys the property may create on a target without --max-keys; with one, it uses what the plan left. */
const propertyKeys = 10;
/** The property's share of the run's time: past it, it stops and says how far it got. */
const timeLimitMs = 40_000;

/** A valid body with one or two fields replaced by derived or random values. */
function trials(s: Suite, c: Check): fc.Arbitrary<Trial> {
  const fields = requestFields(s.edition).map((f) => f.name);
  const cells = s.derivedCases().filter((d) => d.family === 'cell' && d.classification.expect === 'accept');
  // Values that cannot carry the run prefix (a 1-character alias) may exist already: they are the key phase's.
  const values = s
    .derivedCases()
    .filter((d) => fields.includes(d.field) && d.family !== 'required' && !d.fixed);
  return fc
    .record({
      cell: fc.constantFrom(...cells),
      swaps: fc.array(
        fc.oneof(
          fc
            .constantFrom(...values)
            .map((d: DerivedCase) => ({ field: d.field, value: () => d.patch(c.fresh)[d.field] })),
          fc
            .tuple(fc.constantFrom(...fields), anyFieldValue)
            .map(([field, value]) => ({ field, value: () => value })),
        ),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(({ cell, swaps }) => {
      const body = bodyOf(cell, c.fresh);
      for (const swap of swaps) body[swap.field] = swap.value();
      return { body, replaced: swaps.map((swap) => swap.field) };
    });
}

/** Runs the seeded property; every exception inside it is kept, never lost, and the trials sent are counted. */
async function property(s: Suite, c: Check): Promise<PropertyRun> {
  const { seed, numRuns, limits } = s.run;
  let keys = 0;
  let sent = 0;
  let stopped: string | undefined;
  let exception: PropertyRun['exception'];
  let counterexample: Omit<NonNullable<PropertyRun['counterexample']>, 'path'> | undefined;
  let serverError: PropertyRun['serverError'];
  const details = await fc.check(
    fc.asyncProperty(trials(s, c), async (t) => {
      // Once the property cannot go on (the budget, an error of ours), the remaining trials send nothing.
      if (stopped !== undefined || exception !== undefined) return true;
      const expected = classify(t.body, s.edition);
      // A body a target may accept makes a key: only while the budget (or the property's share) lasts.
      const mayCreate = expected.expect !== 'refuse';
      const slot = mayCreate && limits.maxKeys > 0 ? c.target.budget.take() : undefined;
      if (mayCreate && (limits.maxKeys > 0 ? slot === undefined : keys >= propertyKeys)) return true;
      try {
        const x = await c.create(t.body);
        sent++;
        if (x.status === 200) keys++;
        else if (slot) c.target.budget.give(slot);
        // A code documented for another rule (the alias exists, the quota is reached) is no evidence.
        if (isStateRefusal(x)) return true;
        const found = disagreement(x, expected, t, s.edition);
        if (x.status >= 500)
          serverError = {
            message: `${x.status} for ${JSON.stringify(t.body).slice(0, 200)}`,
            evidence: toEvidence(x),
          };
        if (found) counterexample = { found, body: t.body, evidence: toEvidence(x) };
        return found === undefined;
      } catch (error) {
        if (slot) c.target.budget.give(slot);
        if (error instanceof KeyBudgetExhausted) stopped = error.why.reason;
        // A dropped connection is the target's answer, and the requirement says it never happens.
        else if (error instanceof TransportError && error.code === 'KMSCT_ERR_CONNECTION' && error.request) {
          serverError = {
            message: `the target dropped the connection for ${JSON.stringify(t.body).slice(0, 200)}`,
            evidence: unansweredEvidence(error.request, error.message),
          };
          return false;
        } else
          exception = {
            code: errorCodeOf(error) ?? 'KMSCT_ERR_CHECK',
            message: error instanceof Error ? error.message : String(error),
          };
        return true;
      }
    }),
    { seed, numRuns, interruptAfterTimeLimit: timeLimitMs },
  );
  if (details.interrupted) stopped ??= `the property stopped at its time limit (${timeLimitMs / 1000} s)`;
  return {
    seed,
    numRuns,
    sent,
    ...(stopped !== undefined && { stopped }),
    ...(exception && { exception }),
    ...(serverError && { serverError }),
    // The last failing trial is the shrunk counterexample.
    ...(details.failed &&
      counterexample && { counterexample: { ...counterexample, path: details.counterexamplePath ?? '' } }),
  };
}

defineSuite('robustness', (s) => {
  for (const body of malformedBodies)
    s.check('CK-ROBUST-MALFORMED-JSON', `a body ${body.label}`, async (c) => {
      const x = await c.create(undefined, { rawBody: body.raw });
      c.record(refusal(c.requirement, c.name, x, toEvidence(x)));
    });
  s.derived('CK-ROBUST-NOT-AN-OBJECT');
  s.planned('CK-ROBUST-LARGE-BODY');
  s.check(
    'CK-ROBUST-NO-SERVER-ERROR',
    'seeded random bodies',
    async (c) => {
      c.record(...propertyFindings(await property(s, c), c.name));
    },
    timeLimitMs + 20_000,
  );
});
