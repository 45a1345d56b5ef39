import { describe, expect, it } from 'vitest';
import { backoffMs, Throttle } from './throttle.js';

describe('the throttle of a target', () => {
  it('backs off within Huawei’s 2–5 s band, doubling per retry, never past 30 s', () => {
    expect(backoffMs(0, () => 0)).toBe(2000);
    expect(backoffMs(0, () => 1)).toBe(5000);
    expect(backoffMs(1, () => 0.5)).toBe(7000);
    expect(backoffMs(2, () => 0)).toBe(8000);
    expect(backoffMs(5, () => 1)).toBe(30_000);
  });

  it('cuts the rate once per episode, to 0.7 of what got through, and climbs back to the configured rate', () => {
    const t = new Throttle(10);
    for (let i = 0; i < 10; i++) t.answered();
    const before = performance.now();
    t.throttled(before, 0, false);
    expect(t.rate).toBe(7);
    // A 429 for a request sent before the cut says nothing of the new rate.
    t.throttled(before, 0, false);
    expect(t.rate).toBe(7);
    t.throttled(performance.now() + 1, 0, false);
    expect(t.rate).toBeCloseTo(4.9);
    let answers = 0;
    while (t.adapted && answers < 100) {
      t.answered();
      answers++;
    }
    expect(t.rate).toBe(10);
    // About 2 requests/s more per second: from 4.9 to 10 takes a dozen answers, not one.
    expect(answers).toBeGreaterThan(10);
  });

  it('paces an unpaced target at 0.7 of what it let through in the last second', () => {
    const t = new Throttle(0);
    for (let i = 0; i < 40; i++) t.answered();
    t.throttled(performance.now(), 0, false);
    expect(t.rate).toBe(28);
    expect(t.adapted).toBe(true);
  });

  it('holds every request for a Retry-After, and charges only what a wait adds', async () => {
    const t = new Throttle(0);
    expect(t.growth(300)).toBeGreaterThanOrEqual(299);
    t.throttled(performance.now(), 300, true);
    expect(t.growth(100)).toBe(0);
    expect(t.growth(500)).toBeGreaterThan(150);
    const start = performance.now();
    await t.pace();
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('lets other requests go while a backoff waits, at the cut rate', async () => {
    const t = new Throttle(0);
    for (let i = 0; i < 20; i++) t.answered();
    t.throttled(performance.now(), 5000, false);
    expect(t.rate).toBe(14);
    const start = performance.now();
    await t.pace();
    await t.pace();
    // One slot of 1/14 s apart, not the 5 s backoff of the throttled request.
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
