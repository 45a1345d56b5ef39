/**
 * One check: a vitest test that asks the target, hands what it saw to a judge (src/judge/) and records the
 * findings. The findings travel to the report as data, in the test's meta; the test's own state (passed,
 * failed, skipped) follows the findings of its requirement, for people watching vitest's output.
 */
import type { TestContext } from 'vitest';
import type { Edition } from '../../src/catalogue/types.js';
import type { RunContext } from '../../src/config/run-context.js';
import { errorCodeOf } from '../../src/errors.js';
import { error, type Finding, skip } from '../../src/findings/finding.js';
import { type Skip, skipped } from '../../src/findings/skips.js';
import { bodyOf, type DerivedCase, type Fresh } from '../../src/generators/derive.js';
import type { Auth, CallOptions, Exchange, KmsClient } from '../../src/transport/client.js';
import { type Evidence, toEvidence } from '../../src/transport/evidence.js';
import { type CreateOptions, KeyBudgetExhausted, type Recorder, type Target } from './target.js';

/** What a check's test carries to the collector (src/report/collector.ts). */
export interface CheckMeta {
  /** The run it judged: the gallery runs several plants in one vitest run. */
  readonly run: string;
  readonly requirement: string;
  readonly case: string;
  /** Every finding the check made, its own requirement's and those of the rules every answer keeps. */
  readonly findings?: readonly Finding[];
}

declare module 'vitest' {
  interface TaskMeta {
    kmsct?: CheckMeta;
  }
}

/** A check that cannot go on: it ends as a skip with this reason. */
class Skipped extends Error {
  constructor(readonly why: Skip) {
    super(why.reason);
  }
}

/** Exchanges of a check kept as evidence for an error of ours: the last few. */
const kept = 3;

export class Check implements Recorder {
  readonly findings: Finding[] = [];
  readonly #seen: Evidence[] = [];

  constructor(
    readonly target: Target,
    readonly requirement: string,
    /** The case: the requirement's findings of this check are named by it. */
    readonly name: string,
    /** "<requirement> <case>": what it finds for other requirements is named by it. */
    readonly title: string,
  ) {}

  get run(): RunContext {
    return this.target.run;
  }
  get edition(): Edition {
    return this.target.edition;
  }
  get fresh(): Fresh {
    return this.target.fresh;
  }

  record(...findings: readonly Finding[]): void {
    this.findings.push(...findings);
  }

  saw(x: Exchange): void {
    this.#seen.push(toEvidence(x));
    if (this.#seen.length > kept) this.#seen.shift();
  }

  /** Ends the check as a skip: an operation the target lacks, credentials the run lacks. */
  skip(why: Skip): never {
    throw new Skipped(why);
  }

  create(body: unknown, options: CreateOptions = {}): Promise<Exchange> {
    return this.target.create(this, body, options);
  }

  async call(operation: string, body: unknown, options: CallOptions = {}): Promise<Exchange> {
    const x = await this.target.call(operation, body, options);
    this.saw(x);
    return x;
  }

  clientWith(auth: Auth): KmsClient {
    return this.target.clientWith(auth);
  }

  /** Sends a derived case: its raw text, or a body built with fresh values. */
  sendCase(c: DerivedCase, options: CreateOptions = {}): Promise<Exchange> {
    return c.raw
      ? this.create(undefined, { ...options, rawBody: c.raw(this.fresh) })
      : this.create(bodyOf(c, this.fresh), options);
  }

  /** How the check ended, as findings: an exception is an error of ours, never the target's failure. */
  settle(thrown: unknown): void {
    const caseName = this.name;
    if (thrown instanceof Skipped || thrown instanceof KeyBudgetExhausted)
      this.record(skip(this.requirement, caseName, thrown.why));
    else if (thrown !== undefined)
      this.record(
        error(
          this.requirement,
          caseName,
          errorCodeOf(thrown) ?? 'KMSCT_ERR_CHECK',
          thrown instanceof Error ? thrown.message : String(thrown),
          this.#seen,
        ),
      );
    // A check that observed nothing checked nothing: a skip, never a pass.
    if (!this.findings.some((f) => f.requirement === this.requirement))
      this.record(skip(this.requirement, caseName, skipped.other('the check made no observation')));
  }
}

/** The target broke a rule: what a failing check throws, so vitest shows the failure. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

/**
 * The test's state from its findings: failed when its requirement failed or was in error, skipped when it
 * was skipped; with `strictAnswers` (a plain vitest run, no report behind it) also failed when an answer it
 * asked for broke any rule.
 */
export function settleTest(t: TestContext, check: Check, strictAnswers: boolean): void {
  const own = check.findings.filter((f) => f.requirement === check.requirement);
  const failed =
    own.find((f) => f.status === 'fail') ??
    (strictAnswers ? check.findings.find((f) => f.status === 'fail') : undefined);
  if (failed) throw new ConformanceFailure(`${failed.requirement}: ${failed.message}`);
  const broken = own.find((f) => f.status === 'error');
  if (broken) throw new Error(broken.message);
  const skipped = own.find((f) => f.status === 'skip');
  if (skipped && !own.some((f) => f.status === 'pass')) t.skip(skipped.message);
}
