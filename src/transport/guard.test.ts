import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunGuard } from './guard.js';

const folder = () => mkdtempSync(join(tmpdir(), 'kmsct-guard-'));

describe('the run guard', () => {
  it('shares one retry budget across the processes of a run, tells of long waits, then stops the run', () => {
    const dir = folder();
    const notices: string[] = [];
    const limits = {
      retryBudgetMs: 3000,
      maxSilent: 3,
      stopFile: join(dir, 'stopped'),
      retryLedger: join(dir, 'retry-waits'),
      notice: (m: string) => notices.push(m),
    };
    const a = new RunGuard(limits);
    const b = new RunGuard(limits);
    const backoff = { retryAfter: false };
    expect(a.retryWait(2000, backoff)).toBe(2000);
    // b sees what a spent: 1000 ms are left for the whole run; a backoff is cut to what is left.
    expect(b.retryWait(2000, backoff)).toBe(1000);
    expect(a.retryWait(500, backoff)).toBeUndefined();
    expect(a.stopped).toBe(
      'the target kept throttling (429) after the run had waited all of --retry-budget-seconds 3',
    );
    expect(() => b.check()).toThrow(
      /KMSCT_ERR_STOPPED: no request sent: the run stopped early: the target kept throttling/,
    );
    expect(notices).toEqual([
      'the target answered 429: pausing 2.0 s (backoff) and slowing down; 1.0 s of --retry-budget-seconds 3 left',
      'the target answered 429: pausing 1.0 s (backoff) and slowing down; 0.0 s of --retry-budget-seconds 3 left',
    ]);
  });

  it('stops after --max-silent requests in a row without an answer; an answer resets the count', () => {
    const g = new RunGuard({ retryBudgetMs: 0, maxSilent: 2 });
    g.silent('timeout');
    g.answered();
    g.silent('timeout');
    expect(g.stopped).toBeUndefined();
    g.silent('reset');
    expect(g.stopped).toBe('the target stopped answering: 2 requests in a row got no answer (last: reset)');
  });

  it('stops at the deadline and when its signal aborts', () => {
    expect(() => new RunGuard({ retryBudgetMs: 0, maxSilent: 1, deadline: Date.now() - 1 }).check()).toThrow(
      "KMSCT_ERR_STOPPED: no request sent: the run stopped early: the run's time limit (--max-run-seconds) was reached",
    );
    const controller = new AbortController();
    const g = new RunGuard({ retryBudgetMs: 0, maxSilent: 1, signal: controller.signal });
    expect(() => g.check()).not.toThrow();
    controller.abort('interrupted by SIGTERM');
    expect(() => g.check()).toThrow('the run stopped early: interrupted by SIGTERM');
  });

  it('charges only the part of a wait that no other request already waits', () => {
    const g = new RunGuard({ retryBudgetMs: 5000, maxSilent: 3 });
    expect(g.retryWait(3000, { retryAfter: false, chargeMs: 3000 })).toBe(3000);
    // A second 429 of the same burst waits within the same pause: it costs the budget only what it adds.
    expect(g.retryWait(3500, { retryAfter: false, chargeMs: 500 })).toBe(3500);
    expect(g.retryWait(1500, { retryAfter: false, chargeMs: 1500 })).toBe(1500);
    expect(g.retryWait(100, { retryAfter: false })).toBeUndefined();
  });

  it('stops at once when Retry-After asks for more than the budget left, and says when to come back', () => {
    const g = new RunGuard({ retryBudgetMs: 120_000, maxSilent: 3 });
    const before = Date.now();
    expect(g.retryWait(3_600_000, { retryAfter: true })).toBeUndefined();
    const back = /come back after (\S+)$/.exec(g.stopped ?? '')?.[1] ?? '';
    expect(g.stopped).toMatch(
      /^the target asked to wait 3600 s \(429 Retry-After\), more than the 120 s left of --retry-budget-seconds 120: come back after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(Date.parse(back) - before).toBeGreaterThanOrEqual(3_599_000);
    expect(Date.parse(back) - before).toBeLessThan(3_660_000);
  });

  it('once disposed, no longer hears its signal nor writes its stop file', () => {
    const dir = folder();
    const stopFile = join(dir, 'stopped');
    const controller = new AbortController();
    const g = new RunGuard({ retryBudgetMs: 0, maxSilent: 1, signal: controller.signal, stopFile });
    g.dispose();
    rmSync(dir, { recursive: true });
    // The run is over and its folder gone: an interruption now must not throw ENOENT from a listener.
    controller.abort('interrupted by SIGTERM');
    expect(g.stopped).toBeUndefined();
    expect(existsSync(stopFile)).toBe(false);
  });
});
