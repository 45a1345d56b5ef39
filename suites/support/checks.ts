/**
 * How a suite declares checks: `check(id, name, fn)` registers a vitest test titled "<id> <name>" when the
 * requirement belongs to the run's edition, attaches the exchanges of a failed test as evidence, and turns
 * a used-up key budget into a skip with its reason.
 */

import { expect, it, type TestContext } from 'vitest';
import { skipped } from '../../src/config/skips.js';
import { bodyOf, type DerivedCase, deriveCases } from '../../src/generators/derive.js';
import { documentedStatuses } from '../../src/spec/answer-rules.js';
import { requirement } from '../../src/spec/catalogue/index.js';
import { errorEnvelope } from '../../src/spec/schemas.js';
import type { Exchange } from '../../src/transport/client.js';
import { type Evidence, toEvidence } from '../../src/transport/evidence.js';
import { outcomesFor, unplannedReason } from './planned.js';
import { allClients, create, edition, fresh, KeyBudgetExhausted, run, setCurrentTest } from './target.js';

declare module 'vitest' {
  interface TaskMeta {
    evidence?: Evidence[];
    observation?: string;
  }
}

export const inEdition = (id: string) => requirement(id).levels[edition] !== undefined;

const evidenceLimit = 3;

export function check(
  id: string,
  name: string,
  fn: (t: TestContext) => Promise<void>,
  timeoutMs?: number,
): void {
  if (!inEdition(id)) return;
  it(
    `${id} ${name}`,
    async (t) => {
      setCurrentTest(`${id} ${name}`);
      const marks = new Map(allClients().map((c) => [c, c.exchanges().at(-1)?.id ?? 0]));
      try {
        await fn(t);
      } catch (error) {
        if (error instanceof KeyBudgetExhausted) t.skip(error.message);
        t.task.meta.evidence = recentExchanges(marks).map(toEvidence);
        throw error;
      }
    },
    timeoutMs,
  );
}

export type { Evidence };

/** One test per case: "<id> <name>: <label>". */
export function checkEach<T extends { readonly label: string }>(
  id: string,
  name: string,
  cases: readonly T[],
  fn: (c: T, t: TestContext) => Promise<void>,
): void {
  for (const c of cases) check(id, `${name}: ${c.label}`, (t) => fn(c, t));
}

/** The exchanges of this test: after each client's mark (clients made during the test have none). */
function recentExchanges(marks: ReadonlyMap<object, number>): Exchange[] {
  const seen = allClients().flatMap((client) =>
    client.exchanges().filter((x) => x.id > (marks.get(client) ?? 0)),
  );
  return seen.slice(-evidenceLimit);
}

/** Records what a target chose on an open reading; the report shows it beside the requirement. */
export function observeChoice(t: TestContext, observation: string): void {
  t.task.meta.observation = observation;
}

/**
 * The target broke a rule: what a check throws besides vitest's AssertionError. Any other exception (a
 * TypeError, a timeout, a KMSCT_ERR) is ours, and the report calls it an error, never a failure.
 */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

/** The derived cases of the run's edition (deriveCases keeps them, once per edition and worker). */
export const derivedCases = (): readonly DerivedCase[] => deriveCases(edition);

/** Codes documented for a rule other than the one under test: such a refusal is not evidence. */
const stateCodes = new Set(['KMS.1104', 'KMS.1105']);

/** Sends a derived case (raw text or a body built fresh). */
export function sendCase(c: DerivedCase): Promise<Exchange> {
  return c.raw ? create(undefined, { rawBody: c.raw(fresh) }) : create(bodyOf(c, fresh));
}

/**
 * One test per derived case that must be refused for the requirement: the schema keyword it breaks, traced
 * by the oracle. A refusal for another rule's reason (the alias exists, the quota is reached) proves nothing:
 * the case is sent again with fresh values, and if that happens again the check is an error, not a pass.
 */
export function checkDerived(id: string): void {
  const cases = derivedCases().filter(
    (c) => c.classification.expect === 'refuse' && c.classification.rules.some((r) => r.id === id),
  );
  for (const c of cases)
    check(id, `${c.field === '(body)' || c.field === '(cell)' ? '' : `${c.field} `}${c.label}`, async () => {
      let x = await sendCase(c);
      if (stateCodes.has(String(codeOf(x)))) x = await sendCase(c);
      if (stateCodes.has(String(codeOf(x))))
        throw new Error(
          `KMSCT_ERR_NOT_EVIDENCE: refused twice with ${String(codeOf(x))}, a code documented for another rule; the rule under test was never reached`,
        );
      expectRejected(x);
    });
}

/**
 * One test per item the key phase gave the requirement: each a value accepted, a default shown, a refusal
 * observed. No item: the requirement is skipped with the reason (an operation the target lacks, the budget).
 */
export function checkPlanned(id: string): void {
  if (!inEdition(id)) return;
  const outcomes = outcomesFor(run.keys, id, edition);
  // A value the requirement needs (a key spec, a boundary) that the budget left out: checked only in part.
  for (const u of run.keys.unplanned.filter((u) => u.item.requirement === id && u.item.group !== undefined))
    if (outcomes.length > 0) it(`${id} ${u.item.label}`, (t) => t.skip(skipped.budget(u.reason)));
  if (outcomes.length === 0) {
    const unplanned = unplannedReason(run.keys, id);
    const reason =
      capabilityGap(id) ??
      (unplanned ? skipped.budget(unplanned) : skipped.other('no key of the key phase can serve it'));
    it(`${id} needs a key`, (t) => {
      t.skip(reason);
    });
    return;
  }
  for (const o of outcomes)
    it(`${id} ${o.label}`, (t) => {
      t.task.meta.evidence = [...o.evidence];
      if (o.observation !== undefined) observeChoice(t, o.observation);
      if (o.status === 'skip') t.skip(o.message);
      if (o.status === 'fail') throw new ConformanceFailure(o.message);
      if (o.status !== 'pass') throw new Error(o.message);
    });
}

/** Why the target cannot serve a requirement at all: an operation it lacks, credentials the run lacks. */
function capabilityGap(id: string): string | undefined {
  const needs = requirement(id).needs ?? [];
  if (needs.includes('describe-key') && !run.capabilities.describeKey.supported)
    return skipped.capability('describe-key', run.capabilities.describeKey.reason);
  if (needs.includes('list-keys') && !run.capabilities.listKeys.supported)
    return skipped.capability('list-keys', run.capabilities.listKeys.reason);
  if (needs.includes('aksk') && !run.aksk) return skipped.credentials('AK/SK credentials (--ak and --sk)');
  return undefined;
}

/** Skips with the probe's reason when the target lacks an operation the check needs. */
export function needs(t: TestContext, capability: keyof typeof run.capabilities): void {
  const found = run.capabilities[capability];
  if (!found.supported)
    t.skip(skipped.capability(capability === 'describeKey' ? 'describe-key' : 'list-keys', found.reason));
}

const summary = (x: Exchange) => `${x.status} ${x.text.slice(0, 300)}`;
const codeOf = (x: Exchange) =>
  (x.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code;

/** 200 with a key_info body. */
export function expectAccepted(x: Exchange): void {
  expect(x.status, `Received ${summary(x)}; expected 200 with key_info`).toBe(200);
}

/** 400 with the error envelope: the documented answer to wrong parameters. */
export function expectRejected(x: Exchange, status = 400): void {
  expect(x.status, `Received ${summary(x)}; expected ${status} with the error envelope`).toBe(status);
  expect(
    errorEnvelope(x.json),
    `Received ${summary(x)}; expected {"error": {"error_code", "error_msg"}}`,
  ).toBe(true);
}

/** An authentication refusal: 403 in the seed edition, 401 or 403 in the current one, with the envelope. */
export function expectAuthRefused(x: Exchange): void {
  const allowed = edition === 'seed' ? [403] : [401, 403];
  expect(
    allowed,
    `Received ${summary(x)}; expected ${allowed.join(' or ')} with the error envelope`,
  ).toContain(x.status);
  expect(
    errorEnvelope(x.json),
    `Received ${summary(x)}; expected {"error": {"error_code", "error_msg"}}`,
  ).toBe(true);
}

/** For open readings: 200, or a documented refusal with the envelope. Returns which. */
export function expectEitherWay(x: Exchange): 'accepted' | 'rejected' {
  if (x.status === 200) return 'accepted';
  expect(
    documentedStatuses[edition].filter((s) => s >= 400),
    `Received ${summary(x)}; expected 200 or a documented 4xx`,
  ).toContain(x.status);
  expect(x.status, `Received ${summary(x)}; expected 200 or a 4xx`).toBeLessThan(500);
  expect(errorEnvelope(x.json), `Received ${summary(x)}; expected the error envelope`).toBe(true);
  return 'rejected';
}

export const describeChoice = (x: Exchange) =>
  x.status === 200 ? 'accepted (200)' : `rejected (${x.status} ${String(codeOf(x))})`;
export { codeOf };
