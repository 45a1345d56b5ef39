/**
 * `kms-conformance run` against targets built to misbehave: each run ends within its limits, with the verdict
 * that fits, its reports written, its memory bounded, and no secret in any output or file.
 */
import { describe, expect, it } from 'vitest';
import { type Behaviour, deepJson, gzipBomb, passThrough, send } from '../support/hostile.js';
import { errorsOf, failsOf, live, runAgainst } from '../support/hostile-run.js';

describe('run against hostile targets', () => {
  // These four run at once: their time is the targets' waiting (Retry-After, silence, answers held for
  // 400 ms), each with a target and a process of its own. The scenarios after them keep the cores busy and
  // run one at a time.
  it.concurrent('429 on every answer (Retry-After: 3600): no wait within the budget can succeed, so it ends at once and says when to come back', async () => {
    const { result, report } = await runAgainst(({ res }) => send(res, 429, '{}', { 'retry-after': '3600' }));
    expect(result.code).toBe(2);
    // No wait at all (0.6 s alone; the bound leaves room for the tests beside it on a loaded machine).
    expect(result.stderr).not.toContain('pausing');
    expect(result.seconds).toBeLessThan(15);
    const back = /come back after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(result.stderr)?.[1] ?? '';
    expect(result.stderr).toContain(
      'KMSCT_ERR_THROTTLED: create-key {}: throttled: the target answered 429: the target asked to wait 3600 s (429 Retry-After), more than the 120 s left of --retry-budget-seconds 120: come back after ',
    );
    expect(Date.parse(back) - Date.now()).toBeGreaterThan(3500_000);
    expect(report.summary.verdict).toBe('error');
    expect(
      report.requirements.every((q) => q.status === 'skip' && /start-up checks failed/.test(q.reason ?? '')),
    ).toBe(true);
  });

  it.concurrent('throttled after start-up: the checks it cuts short are errors, never failures; the verdict is incomplete', async () => {
    const { result, report } = await runAgainst(
      (ctx) => (ctx.n > 40 ? send(ctx.res, 429, '{}', { 'retry-after': '1' }) : passThrough(ctx)),
      ['--retry-budget-seconds', '3', ...live],
    );
    expect(result.code).toBe(3);
    expect(report.summary.verdict).toBe('incomplete');
    expect(failsOf(report)).toEqual([]);
    expect(errorsOf(report).join('\n')).toMatch(/KMSCT_ERR_THROTTLED|KMSCT_ERR_STOPPED/);
    // The budget runs out: spent, or too little left for the next Retry-After.
    expect(report.summary.stoppedEarly).toMatch(
      /the target kept throttling \(429\)|the target asked to wait 1\.0 s \(429 Retry-After\), more than the \d\.\d s left of --retry-budget-seconds 3/,
    );
    expect(result.seconds).toBeLessThan(60);
  }, 120_000);

  it.concurrent('silent after 60 requests: stops after --max-silent answers that never come; every request sent is counted', async () => {
    const { result, report, hostile } = await runAgainst(
      (ctx) => (ctx.n > 60 ? undefined : passThrough(ctx)),
      ['--max-silent', '3', ...live],
    );
    expect(result.code).toBe(3);
    expect(result.seconds).toBeLessThan(40);
    expect(report.summary.stoppedEarly).toMatch(
      /the target stopped answering: 3 requests in a row got no answer/,
    );
    expect(failsOf(report)).toEqual([]);
    // What the report counts is what the target received.
    expect(report.requests.sent).toBe(hostile.received());
  });

  it.concurrent('a correct target that takes 400 ms per answer is conformant: no check of ours times out first', async () => {
    const slow: Behaviour = async (ctx) => {
      await new Promise((r) => setTimeout(r, 400));
      await passThrough(ctx);
    };
    const { result, report } = await runAgainst(
      slow,
      ['--grep', '^CK-ROBUST-NO-SERVER-ERROR', '--num-runs', '60', '--allow-incomplete'],
      120_000,
    );
    expect(result.code, result.stdout.slice(-800)).toBe(0);
    expect(report.requirements.find((q) => q.id === 'CK-ROBUST-NO-SERVER-ERROR')?.status).toBe('pass');
  }, 150_000);

  it.concurrent('an answer that never comes inside the seeded property: that check is an error with its code, never a pass', async () => {
    // The start-up checks are answered; every request after them is held.
    const { result, report } = await runAgainst(
      (ctx) => (ctx.n > 3 ? undefined : passThrough(ctx)),
      ['--grep', '^CK-ROBUST-NO-SERVER-ERROR', '--max-silent', '100'],
    );
    expect(report.requirements.find((q) => q.id === 'CK-ROBUST-NO-SERVER-ERROR')).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^KMSCT_ERR_TIMEOUT: expected an answer within 1000 ms/),
      cases: [{ case: 'seeded random bodies', status: 'error' }],
    });
    expect(result.code).toBe(3);
  });

  it.concurrent('a valid 200 of 5,000 characters (the whole key record, with tags) holds every CK-RESP-* rule', async () => {
    const whole: Behaviour = async (ctx) => {
      const a = await ctx.forward();
      if (a.status !== 200 || !ctx.req.url?.endsWith('/create-key'))
        return send(ctx.res, a.status, a.body, a.headers);
      const { key_info } = JSON.parse(a.body.toString('utf8')) as { key_info: Record<string, string> };
      const tags = Array.from({ length: 100 }, (_, i) => ({ key: `tag-${i}`, value: 'v'.repeat(32) }));
      const body = JSON.stringify({ key_info: { ...key_info, key_alias: 'a', key_state: '2', tags } });
      expect(body.length).toBeGreaterThan(5000);
      send(ctx.res, 200, body, a.headers);
    };
    const { result, report } = await runAgainst(whole, [
      '--grep',
      '^CK-(RESP|CREATE)-',
      '--allow-incomplete',
      ...live,
    ]);
    for (const id of ['CK-RESP-SCHEMA', 'CK-RESP-KEY-ID-FORMAT', 'CK-RESP-DOMAIN-ID-FORMAT'])
      expect(report.requirements.find((q) => q.id === id)?.status, id).toBe('pass');
    expect(result.code, result.stdout.slice(-600)).toBe(0);
  });

  it("odd answers are the target's failures, not our crashes: key_info a string, errors nested thousands deep", async () => {
    const odd: Behaviour = async (ctx) => {
      const a = await ctx.forward();
      if (a.status === 200 && ctx.req.url?.endsWith('/create-key'))
        send(ctx.res, 200, '{"key_info":"not an object"}');
      else if (a.status >= 400 && ctx.n > 3) send(ctx.res, a.status, deepJson(600_000));
      else send(ctx.res, a.status, a.body, a.headers);
    };
    // The checks that read a created key and those that read a refusal's body: enough to meet both answers.
    const { result, report } = await runAgainst(odd, ['--grep', '^CK-(RESP|ERROR|ALIAS|CREATE)-', ...live]);
    expect(result.code).toBe(1);
    expect(failsOf(report)).toEqual(expect.arrayContaining(['CK-RESP-SCHEMA', 'CK-ERROR-ENVELOPE']));
    expect(errorsOf(report).filter((e) => /TypeError|Maximum call stack|timed out/.test(e))).toEqual([]);
  });

  it('a reset on the large body only: that check says so, every other requirement runs, the verdict is not error', async () => {
    const resetLarge: Behaviour = (ctx) => {
      if (ctx.body.length <= 64 * 1024) return passThrough(ctx);
      ctx.req.socket.destroy();
    };
    // The whole suite: one dropped connection must leave every other requirement to run, and the verdict.
    // The dropped request may have made a key, so its slot stays taken: 12 keys leave room for that.
    // Its verdict must be exact, so no answer may be cut short by a loaded machine: a later --timeout-ms wins.
    const { result, report } = await runAgainst(resetLarge, [
      '--max-keys',
      '12',
      '--concurrency',
      '4',
      '--timeout-ms',
      '5000',
    ]);
    expect(report.summary.verdict).toBe('conformant');
    expect(result.code).toBe(0);
    expect(report.requirements.find((q) => q.id === 'CK-ROBUST-LARGE-BODY')?.status).toBe('fail');
    expect(
      report.requirements
        .filter((q) => q.id !== 'CK-ROBUST-LARGE-BODY' && (q.status === 'fail' || q.status === 'error'))
        .map((q) => `${q.id}: ${q.status} ${q.reason}`),
    ).toEqual([]);
  });

  it('answers of a megabyte, and compressed answers that inflate to 100 MB, keep memory bounded', async () => {
    // Compressed before the run: making the bomb takes a CPU-second, which the run's first refusal must not
    // wait for (its start-up checks allow --timeout-ms 1000).
    const bomb = gzipBomb(100 * 1024 * 1024);
    const huge: Behaviour = async (ctx) => {
      const a = await ctx.forward();
      if (a.status >= 400 && ctx.n % 2 === 0)
        send(
          ctx.res,
          a.status,
          JSON.stringify({ error: { error_code: 'KMS.0308', error_msg: 'x'.repeat(1_000_000) } }),
        );
      else if (a.status >= 400) send(ctx.res, a.status, bomb, { 'content-encoding': 'gzip' });
      else send(ctx.res, a.status, a.body, a.headers);
    };
    // The families that draw the most refusals: every one of them answered with a megabyte or a bomb.
    const { result, report } = await runAgainst(huge, [
      '--grep',
      '^CK-(ALIAS|ERROR|DESC|SEQUENCE)-',
      ...live,
    ]);
    expect([1, 3], result.stderr.slice(-600)).toContain(result.code);
    expect(report.summary.verdict).not.toBe('error');
    expect(report.requests.sent).toBeGreaterThan(100);
  });

  it('a target that echoes the token in its refusals: the token appears in no output and no file', async () => {
    const echo: Behaviour = async (ctx) => {
      const a = await ctx.forward();
      if (a.status === 401 || a.status === 403)
        send(
          ctx.res,
          a.status,
          JSON.stringify({
            error: {
              error_code: 'KMS.0302',
              error_msg: `token ${String(ctx.req.headers['x-auth-token'])} refused; expected ${ctx.req.headers['x-auth-token']}`,
            },
          }),
        );
      else send(ctx.res, a.status, a.body, a.headers);
    };
    // The authentication checks draw the refusals; the others run for the keys the auth checks use.
    const { result, report } = await runAgainst(echo, [
      '--grep',
      '^CK-(AUTH|CREATE)-',
      '--allow-incomplete',
      ...live,
    ]);
    expect([0, 1]).toContain(result.code);
    expect(report.requirements.find((q) => q.id === 'CK-AUTH-INVALID')?.status).toMatch(/pass|fail/);
  });
});
