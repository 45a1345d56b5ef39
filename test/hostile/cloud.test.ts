/**
 * `kms-conformance run` against what the real cloud puts between a user and KMS: an API gateway that refuses
 * with its own flat codes and answers 5xx for a service that did not answer, throttling without Retry-After,
 * and keys that take a moment to show. None of it is the target's failure; a key that never shows is.
 */
import { describe, expect, it } from 'vitest';
import { type Behaviour, passThrough, send } from '../support/hostile.js';
import { errorsOf, failsOf, live, runAgainst } from '../support/hostile-run.js';

const flat = (code: string, message: string, requestId = 'b7e0c3a1d2f94e5c8a6b1c2d3e4f5a6b') =>
  JSON.stringify({ error_code: code, error_msg: message, request_id: requestId });

const operationOf = (url: string | undefined) => (url ?? '').split('/').pop() ?? '';

/** A gateway in front that lets `rate` requests a second through (a token bucket as deep), 429 for the rest. */
function throttledAt(rate: number): Behaviour {
  let tokens = rate;
  let at = performance.now();
  return (ctx) => {
    const now = performance.now();
    tokens = Math.min(rate, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1)
      return send(ctx.res, 429, flat('APIGW.0308', 'The throttling threshold has been reached'));
    tokens -= 1;
    return passThrough(ctx);
  };
}

/** The key_id a request names, if its body is JSON that names one (the run also sends bodies that are not). */
function keyIdIn(body: Buffer): string | undefined {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { key_id?: unknown } | null)?.key_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keys that are not found by describe, list or deletion until `visibleAfterMs` after their create
 * (Infinity: never), as the real service's keys are for a moment.
 */
function keysSettleAfter(visibleAfterMs: number): Behaviour {
  const born = new Map<string, number>();
  return async (ctx) => {
    const operation = operationOf(ctx.req.url);
    const keyId = keyIdIn(ctx.body);
    const age =
      keyId !== undefined && born.has(keyId) ? performance.now() - (born.get(keyId) ?? 0) : Infinity;
    if (keyId !== undefined && age < visibleAfterMs)
      return send(
        ctx.res,
        404,
        JSON.stringify({ error: { error_code: 'KMS.0207', error_msg: 'no such key' } }),
      );
    const a = await ctx.forward();
    if (operation === 'create-key' && a.status === 200) {
      const id = (JSON.parse(a.body.toString('utf8')) as { key_info?: { key_id?: string } }).key_info?.key_id;
      if (id) born.set(id, performance.now());
    }
    if (operation === 'list-keys' && a.status === 200) {
      const page = JSON.parse(a.body.toString('utf8')) as {
        keys: string[];
        key_details: { key_id: string }[];
      };
      const young = (id: string) => born.has(id) && performance.now() - (born.get(id) ?? 0) < visibleAfterMs;
      page.keys = page.keys.filter((id) => !young(id));
      page.key_details = page.key_details.filter((k) => !young(k.key_id));
      return send(ctx.res, 200, JSON.stringify(page), a.headers);
    }
    return send(ctx.res, a.status, a.body, a.headers);
  };
}

describe('run behind the real cloud’s gateway', () => {
  it.concurrent('429 on every answer without Retry-After: backs off in the 2–5 s band within the budget, then a start-up error', async () => {
    const { result, report } = await runAgainst(
      ({ res }) => send(res, 429, flat('APIGW.0308', 'The throttling threshold has been reached')),
      ['--retry-budget-seconds', '8'],
    );
    expect(result.code).toBe(2);
    expect(result.seconds).toBeLessThan(20);
    // Nobody is left wondering why nothing happens.
    expect(result.stderr).toMatch(
      /the target answered 429: pausing [2-5]\.\d s \(backoff\) and slowing down/,
    );
    expect(result.stderr).toContain(
      'KMSCT_ERR_THROTTLED: create-key {}: throttled: the target answered 429 APIGW.0308: the target kept throttling (429) after the run had waited all of --retry-budget-seconds 8',
    );
    expect(report.summary.verdict).toBe('error');
  });

  it.concurrent('429 without Retry-After on every answer after the start: incomplete, never non-conformant', async () => {
    const { result, report } = await runAgainst(
      (ctx) =>
        ctx.n > 40
          ? send(ctx.res, 429, flat('APIGW.0308', 'The throttling threshold has been reached'))
          : passThrough(ctx),
      ['--retry-budget-seconds', '8', ...live],
    );
    expect(result.code).toBe(3);
    expect(report.summary.verdict).toBe('incomplete');
    expect(failsOf(report)).toEqual([]);
    expect(report.summary.stoppedEarly).toMatch(/the target kept throttling \(429\)/);
    expect(result.seconds).toBeLessThan(40);
  }, 90_000);

  it.concurrent('a gateway 401 APIGW.0307 at start: exit 2, saying the token must be updated, with the request id', async () => {
    const { result, report } = await runAgainst(({ res }) =>
      send(res, 401, flat('APIGW.0307', 'The token must be updated.'), {
        'x-request-id': '0c1d2e3f40516273a4b5c6d7e8f90a1b',
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'KMSCT_ERR_CREDENTIALS: the API gateway refused the credentials: create-key answered 401 APIGW.0307 (request id 0c1d2e3f40516273a4b5c6d7e8f90a1b): the token must be updated: it has expired (tokens last 24 hours), or it was issued for another region than --target’s; get a new token for that region',
    );
    expect(report.summary.verdict).toBe('error');
  });

  it.concurrent('gateway 502 and 504 mid-run: the checks they cut short are errors, never failures of the KMS', async () => {
    const { result, report } = await runAgainst(
      (ctx) =>
        ctx.n > 60 && ctx.n % 7 === 0
          ? send(ctx.res, ctx.n % 2 === 0 ? 502 : 504, flat('APIGW.0201', 'Bad gateway'))
          : passThrough(ctx),
      live,
      120_000,
    );
    expect(failsOf(report)).toEqual([]);
    expect(errorsOf(report).join('\n')).toContain('KMSCT_ERR_GATEWAY: the API gateway answered');
    expect(errorsOf(report).join('\n')).toMatch(
      /answered 50[24] APIGW\.0201 \(request id b7e0c3a1d2f94e5c8a6b1c2d3e4f5a6b\)/,
    );
    expect(result.code).toBe(3);
  }, 150_000);
});

// These wait far more than they compute (on the throttle, on keys that have not settled): they run at once.
describe('run against a throttled target, and keys that settle', () => {
  it.concurrent('throttled at 40 requests/s: the run adapts its rate and completes with the verdict of an unthrottled one', async () => {
    const { result, report } = await runAgainst(throttledAt(40), [], 150_000);
    expect(errorsOf(report)).toEqual([]);
    expect(report.summary.verdict).toBe('conformant');
    expect(result.code).toBe(0);
    expect(report.requests.retries, '429s retried').toBeGreaterThan(0);
  }, 180_000);

  it.concurrent('keys invisible for 500 ms after their create: conformant (reads after a create wait for them)', async () => {
    const { result, report } = await runAgainst(keysSettleAfter(500), [], 120_000);
    expect(errorsOf(report)).toEqual([]);
    expect(failsOf(report)).toEqual([]);
    expect(result.code).toBe(0);
  }, 150_000);

  it.concurrent('keys that never appear: CK-DESCRIBE-ECHO fails, with every read of the settle window as its timeline', async () => {
    const { result, report } = await runAgainst(
      keysSettleAfter(Infinity),
      ['--settle-ms', '1500', ...live],
      120_000,
    );
    expect(result.code, result.stdout.slice(-2000)).toBe(1);
    const echo = report.requirements.find((r) => r.id === 'CK-DESCRIBE-ECHO');
    expect(echo?.status, JSON.stringify(echo).slice(0, 2000)).toBe('fail');
    const timeline = echo?.failures[0]?.timeline ?? [];
    // Polls at 0, 100, 300, 700 ms and at the window's end: at least three however slow the machine.
    expect(timeline.length, JSON.stringify(timeline)).toBeGreaterThanOrEqual(3);
    expect(timeline.every((t) => t.status === 404 && t.unsettled === '404 KMS.0207: not found yet')).toBe(
      true,
    );
    expect(timeline.at(-1)?.afterMs).toBeGreaterThanOrEqual(1500);
    expect(echo?.failures[0]?.message).toMatch(/still so after \d+ reads over \d+ ms/);
  }, 150_000);
});
