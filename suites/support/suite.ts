/**
 * How a suite file registers its checks: `defineSuite(family, register)` calls `register` once for every run
 * provided to the worker (one for `kms-conformance run`, a batch of plants for the gallery), each time with a
 * `Suite` bound to that run. The run travels as a parameter: no module holds it, and no file is copied.
 */
import { afterAll, describe, inject, it } from 'vitest';
import { requirement } from '../../src/catalogue/index.js';
import type { Edition, Family } from '../../src/catalogue/types.js';
import type { RunContext } from '../../src/config/run-context.js';
import { readState } from '../../src/config/state.js';
import { KmsctError } from '../../src/errors.js';
import type { Finding } from '../../src/findings/finding.js';
import { type Skip, skipped } from '../../src/findings/skips.js';
import { type DerivedCase, deriveCases } from '../../src/generators/derive.js';
import type { KeyPhaseFacts } from '../../src/judge/facts.js';
import type { MadeKey } from '../../src/judge/keys.js';
import { type Gaps, plannedFindings } from '../../src/judge/planned.js';
import { acceptedEarlier, isStateRefusal, refusal } from '../../src/judge/refusals.js';
import { withCase } from '../../src/transport/capture.js';
import { toEvidence } from '../../src/transport/evidence.js';
import { Check, type CheckMeta, settleTest } from './check.js';
import { Target } from './target.js';

export class Suite {
  constructor(
    readonly target: Target,
    /** The run's label in the provided context. */
    readonly label: string,
  ) {}

  get run(): RunContext {
    return this.target.run;
  }
  get edition(): Edition {
    return this.target.edition;
  }

  /** The derived cases of the run's edition (derived once per edition and worker). */
  derivedCases(): readonly DerivedCase[] {
    return deriveCases(this.edition);
  }

  /**
   * A check titled "<id> <case>": it runs `fn`, whose findings go to the report; a requirement the run's
   * edition does not have registers nothing.
   */
  check(id: string, kase: string, fn: (c: Check) => Promise<void>, timeoutMs?: number): void {
    if (requirement(id).levels[this.edition] === undefined) return;
    const title = `${id} ${kase}`;
    const meta: CheckMeta = { run: this.label, requirement: id, case: kase };
    const strictAnswers = this.run.standalone === true;
    // In process (the gallery's plants), checks overlap: their requests share the messages between threads
    // (src/transport/in-process.ts). Over a network one check at a time keeps memory bounded whatever the
    // target answers, and a paced run's --rate is the target's to feel.
    const concurrent = this.run.target.url.startsWith('inproc:');
    const options = {
      meta: { kmsct: meta },
      concurrent,
      ...(timeoutMs !== undefined && { timeout: timeoutMs }),
    };
    it(title, options, async (t) => {
      const check = new Check(this.target, id, kase, title);
      let thrown: unknown;
      try {
        // Every exchange the check makes belongs to its case, in a recording of the run.
        await withCase({ requirement: id, case: kase }, () => fn(check));
      } catch (error) {
        thrown = error;
      }
      check.settle(thrown);
      t.task.meta.kmsct = { ...meta, findings: check.findings.map((f) => ({ ...f, where: title })) };
      settleTest(t, check, strictAnswers);
    });
  }

  /**
   * One check per derived case the oracle says must be refused for the requirement. A refusal for another
   * rule's reason (the alias exists, the quota is reached) proves nothing: the case is sent again with fresh
   * values, and if that happens again the check is an error, not a pass.
   */
  derived(id: string): void {
    const cases = this.derivedCases().filter(
      (c) => c.classification.expect === 'refuse' && c.classification.rules.some((r) => r.id === id),
    );
    for (const c of cases)
      this.check(id, c.key, async (check) => {
        let x = await check.sendCase(c);
        if (isStateRefusal(x)) x = await check.sendCase(c);
        const earlier = isStateRefusal(x)
          ? acceptedEarlier(id, check.name, x, toEvidence(x), readState<MadeKey>(this.run.stateDir, 'keys'))
          : undefined;
        if (earlier) return check.record(earlier);
        if (isStateRefusal(x))
          throw new KmsctError(
            'KMSCT_ERR_NOT_EVIDENCE',
            'refused twice with a code documented for another rule (KMS.1104, KMS.1105); the rule under test was never reached',
          );
        check.record(refusal(id, check.name, x, toEvidence(x)));
      });
  }

  /** One check reporting what the key phase's facts say of the requirement (src/judge/planned.ts). */
  planned(id: string): void {
    this.facts(id, 'the key phase', (facts) => plannedFindings(facts, id, this.edition, this.gaps(id)));
  }

  /** A check whose findings a judge reads from the key phase's facts. */
  facts(id: string, kase: string, judge: (facts: KeyPhaseFacts) => readonly Finding[]): void {
    this.check(id, kase, async (c) => {
      c.record(...judge(this.run.keys));
    });
  }

  /**
   * The key of the run's first create (sent alone, before any batch): the same key run after run, so a check
   * that works on one key sends the same requests each time (a recording replays them in order).
   */
  firstKey(): { readonly keyId: string } | undefined {
    const { keys, creates } = this.run.keys;
    const own = keys.filter((k) => k.replayOf === undefined);
    return own.find((k) => k.create === creates[0]?.id) ?? [...own].sort((a, b) => a.send - b.send)[0];
  }

  /** Why the target cannot serve a requirement at all: an operation it lacks, credentials the run lacks. */
  gaps(id: string): Gaps {
    const gap = this.capabilityGap(requirement(id).needs ?? []);
    return gap ? { capability: { kind: 'capability', reason: gap.reason } } : {};
  }

  capabilityGap(needs: readonly string[]): Skip | undefined {
    const { describeKey, listKeys } = this.run.capabilities;
    if (needs.includes('describe-key') && !describeKey.supported)
      return skipped.capability('describe-key', describeKey.reason);
    if (needs.includes('list-keys') && !listKeys.supported)
      return skipped.capability('list-keys', listKeys.reason);
    if (needs.includes('aksk') && !this.run.aksk)
      return skipped.credentials('AK/SK credentials (--ak and --sk)');
    return undefined;
  }
}

/** The runs provided to this worker, by label. */
function providedRuns(): [string, RunContext][] {
  const runs = inject('kmsct');
  if (!runs || Object.keys(runs).length === 0)
    throw new KmsctError(
      'KMSCT_ERR_ENGINE',
      'no run context was provided: run the suites with kms-conformance run, or vitest run --project conformance',
    );
  return Object.entries(runs);
}

/** Registers a suite file's checks for every run provided: at the top level for one run, in a block per plant. */
export function defineSuite(family: Family, register: (s: Suite) => void): void {
  const runs = providedRuns();
  for (const [label, run] of runs) {
    const bind = () => {
      const target = new Target(run, family);
      register(new Suite(target, label));
      afterAll(() => target.close());
    };
    if (runs.length === 1) bind();
    else describe(label, bind);
  }
}
