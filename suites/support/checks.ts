/**
 * How a suite declares checks: `check(id, name, fn)` registers a vitest test titled "<id> <name>" when the
 * requirement belongs to the run's edition, attaches the exchanges of a failed test as evidence, and turns
 * a used-up key budget into a skip with its reason.
 */
import { expect, it, type TestContext } from 'vitest';
import { requirement } from '../../src/spec/catalogue/index.js';
import { errorEnvelope } from '../../src/spec/schemas.js';
import { type Exchange, toCurl } from '../../src/transport/client.js';
import { documentedStatuses } from './observers.js';
import { allClients, edition, KeyBudgetExhausted, run, setCurrentTest } from './target.js';

export interface Evidence {
  readonly request: Exchange['request'];
  readonly response: {
    readonly status: number;
    readonly headers: Exchange['headers'];
    readonly body: string;
  };
  readonly curl: string;
}

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
      const marks = allClients().map((c) => [c, c.exchanges().length] as const);
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

/** One test per case: "<id> <name>: <label>". */
export function checkEach<T extends { readonly label: string }>(
  id: string,
  name: string,
  cases: readonly T[],
  fn: (c: T, t: TestContext) => Promise<void>,
): void {
  for (const c of cases) check(id, `${name}: ${c.label}`, (t) => fn(c, t));
}

function recentExchanges(
  marks: readonly (readonly [{ exchanges(): readonly Exchange[] }, number])[],
): Exchange[] {
  const seen = marks.flatMap(([client, from]) => client.exchanges().slice(from));
  return seen.slice(-evidenceLimit);
}

function toEvidence(x: Exchange): Evidence {
  return {
    request: x.request,
    response: { status: x.status, headers: x.headers, body: x.text.slice(0, 2000) },
    curl: toCurl(x),
  };
}

/** Records what a target chose on an open reading; the report shows it beside the requirement. */
export function observeChoice(t: TestContext, observation: string): void {
  t.task.meta.observation = observation;
}

/** Skips with the probe's reason when the target lacks an operation the check needs. */
export function needs(t: TestContext, capability: keyof typeof run.capabilities): void {
  const found = run.capabilities[capability];
  if (!found.supported)
    t.skip(
      `skipped: the target offers no ${capability === 'describeKey' ? 'describe-key' : 'list-keys'} (${found.reason})`,
    );
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
