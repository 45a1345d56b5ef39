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
    expect(a.retryWait(2000)).toBe(2000);
    // b sees what a spent: 1000 ms are left for the whole run.
    expect(b.retryWait(2000)).toBe(1000);
    expect(a.retryWait(500)).toBeUndefined();
    expect(a.stopped).toMatch(/^the target kept throttling \(429\) after 3 s of waiting on Retry-After/);
    expect(() => b.check()).toThrow(
      /KMSCT_ERR_STOPPED: no request sent: the run stopped early: the target kept throttling/,
    );
    expect(notices).toEqual([
      'the target answered 429: waiting 2.0 s before retrying; 1 s of --retry-budget-seconds left',
      'the target answered 429: waiting 1.0 s before retrying; 0 s of --retry-budget-seconds left',
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
