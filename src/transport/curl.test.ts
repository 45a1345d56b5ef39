import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { excerpt, excerptChars, toCurl } from './curl.js';

const request = (body: string) => ({
  method: 'POST',
  url: 'http://127.0.0.1:1/v1.0/p/kms/create-key',
  headers: { 'content-type': 'application/json', 'X-Auth-Token': '***' },
  body,
});

/** The bytes the command would send: its input pipeline run by bash (curl reads them with --data-binary @-). */
function piped(command: string): string {
  const pipeline = command.slice(0, command.lastIndexOf(' | curl '));
  const out = spawnSync('bash', ['-c', pipeline], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout;
}

describe('toCurl', () => {
  it('writes a short body inline, quoted for the shell, and the token as $KMSCT_TOKEN', () => {
    const curl = toCurl(request(`{"key_alias":"it's"}`));
    expect(curl).toBe(
      `curl -sS -X POST -H 'content-type: application/json' -H "X-Auth-Token: $KMSCT_TOKEN" --data-binary '{"key_alias":"it'\\''s"}' 'http://127.0.0.1:1/v1.0/p/kms/create-key'`,
    );
  });

  it('pipes a padded body in: a short command that sends the same bytes', () => {
    const body = `{"key_alias":"a", "x":"${'y'.repeat(5000)}"${' '.repeat(1024 * 1024)}}`;
    const curl = toCurl(request(body));
    expect(curl.length).toBeLessThan(600);
    expect(curl).toMatch(/^\{ printf '%s' .*; \} \| curl -sS -X POST .* --data-binary @- '/);
    expect(piped(curl)).toBe(body);
  });

  it('says so when a long body has no run to fold, and sends its excerpt', () => {
    const body = Array.from({ length: 40_000 }, (_, i) => String(i % 10)).join(',');
    const curl = toCurl(request(body));
    expect(curl.startsWith(`# the body (${body.length} characters) is too long to replay here`)).toBe(true);
    expect(curl.length).toBeLessThan(excerptChars + 400);
  });
});

describe('excerpt', () => {
  it('keeps a text up to the limit and cuts a longer one, with its length', () => {
    expect(excerpt('a'.repeat(excerptChars))).toBe('a'.repeat(excerptChars));
    expect(excerpt('a'.repeat(excerptChars + 1))).toBe(
      `${'a'.repeat(excerptChars)}… (${excerptChars + 1} characters in all)`,
    );
  });
});
