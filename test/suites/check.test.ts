import type { TestContext } from 'vitest';
import { describe, expect, it } from 'vitest';
import { KmsctError } from '../../src/errors.js';
import { fail, pass } from '../../src/findings/finding.js';
import { skipped } from '../../src/findings/skips.js';
import { Check, ConformanceFailure, settleTest } from '../../suites/support/check.js';
import { KeyBudgetExhausted, type Target } from '../../suites/support/target.js';

const check = () =>
  new Check({} as Target, 'CK-ALIAS-TYPE', 'key_alias type: true', 'CK-ALIAS-TYPE key_alias type: true');
/** A test context that records a skip the way vitest's does: by throwing. */
const context = () => {
  const seen: string[] = [];
  const t = {
    skip: (note: string) => {
      seen.push(note);
      throw new Error(`skipped: ${note}`);
    },
  } as unknown as TestContext;
  return { t, seen };
};

describe('how a check ends', () => {
  it('a check that made no observation ends skip, never pass', () => {
    const c = check();
    c.settle(undefined);
    expect(c.findings).toMatchObject([
      { status: 'skip', skipKind: 'other', message: 'skipped: the check made no observation' },
    ]);
    const { t, seen } = context();
    expect(() => settleTest(t, c, false)).toThrow(/skipped/);
    expect(seen).toEqual(['skipped: the check made no observation']);
  });

  it('an exception of ours is an error with its code; any other exception is an error of the check', () => {
    const ours = check();
    ours.settle(new KmsctError('KMSCT_ERR_TIMEOUT', 'no answer within 1000 ms'));
    expect(ours.findings).toMatchObject([{ status: 'error', code: 'KMSCT_ERR_TIMEOUT' }]);
    const bug = check();
    bug.settle(new TypeError("Cannot read properties of undefined (reading 'status')"));
    expect(bug.findings).toMatchObject([{ status: 'error', code: 'KMSCT_ERR_CHECK' }]);
    expect(() => settleTest(context().t, bug, false)).toThrow(/Cannot read properties/);
  });

  it('a used-up key budget is a budget skip', () => {
    const c = check();
    c.settle(new KeyBudgetExhausted(skipped.budget('--max-keys 10 keys already planned or created')));
    expect(c.findings).toMatchObject([{ status: 'skip', skipKind: 'budget' }]);
  });

  it("a failure of the check's requirement fails the test; a rule another answer broke fails it only in a plain vitest run", () => {
    const own = check();
    own.record(fail('CK-ALIAS-TYPE', 'key_alias type: true', 'status', 'Received 200; expected 400', []));
    own.settle(undefined);
    expect(() => settleTest(context().t, own, false)).toThrow(ConformanceFailure);
    const foreign = check();
    foreign.record(pass('CK-ALIAS-TYPE', 'key_alias type: true', 'refused'));
    foreign.record(
      fail('CK-CONTENT-TYPE', 'CK-ALIAS-TYPE key_alias type: true', 'content-type', 'text/plain', [], {
        alwaysOn: true,
      }),
    );
    foreign.settle(undefined);
    expect(() => settleTest(context().t, foreign, false)).not.toThrow();
    expect(() => settleTest(context().t, foreign, true)).toThrow(/CK-CONTENT-TYPE: text\/plain/);
  });
});
