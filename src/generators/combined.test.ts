import { describe, expect, it } from 'vitest';
import { pairwise } from './combined.js';
import { signatureVariants, tokenVariants } from './credentials.js';
import { deriveCases } from './derive.js';

describe('pairwise', () => {
  it('covers every pair of values of any two dimensions, in fewer rows than the product', () => {
    const sizes = [3, 4, 11];
    const rows = pairwise(sizes);
    for (let a = 0; a < sizes.length; a++)
      for (let b = a + 1; b < sizes.length; b++)
        for (let i = 0; i < (sizes[a] ?? 0); i++)
          for (let j = 0; j < (sizes[b] ?? 0); j++)
            expect(
              rows.some((r) => r[a] === i && r[b] === j),
              `${a}:${i} ${b}:${j}`,
            ).toBe(true);
    expect(rows.length).toBeLessThan(3 * 4 * 11);
    expect(rows.length).toBeGreaterThanOrEqual(4 * 11);
  });
});

describe('where two rules meet', () => {
  const combined = deriveCases('seed').filter((c) => c.family === 'combined');
  const of = (field: string) => combined.filter((c) => c.field === field);

  it('one over the limit, in every class the alias allows, is refused for its length alone', () => {
    const over = of('key_alias').filter((c) => c.label.startsWith('256 characters'));
    expect(over.map((c) => c.label.replace('256 characters, the rest ', '')).sort()).toEqual(
      ['"-"', '"/"', '"0"', '"A"', '"_"', '"a"', '":"'].sort(),
    );
    for (const c of over)
      expect(c.classification.rules.map((r) => r.id)).toEqual(['CK-ALIAS-LENGTH-INVALID']);
  });

  it('descriptions: every family and every edge whitespace meets each length, 256 refused, 254 and 255 accepted', () => {
    const description = of('key_description');
    for (const length of [254, 255, 256])
      for (const edge of ['', 'a space at the start', 'a LF at the end', 'a CRLF at the start'])
        expect(
          description.some((c) => c.label.startsWith(`${length} characters`) && c.label.includes(edge)),
          `${length} ${edge}`,
        ).toBe(true);
    for (const c of description)
      expect(c.classification.expect).toBe(c.label.startsWith('256') ? 'refuse' : 'accept');
  });

  it('an echo value for free text, required by CK-DESCRIBE-ECHO', () => {
    const echo = deriveCases('seed').filter((c) => c.family === 'echo');
    expect(echo.map((c) => c.key)).toEqual(['key_description echo: edge whitespace and inner runs']);
    expect(echo[0]?.classification.expect).toBe('accept');
  });
});

describe('credentials derived like fields', () => {
  it('alterations of the token: each differs from it and from the others, none is empty', () => {
    const token = 'MIIkmsctAbc123def456GHI789';
    const variants = tokenVariants(token);
    expect(variants.length).toBe(13);
    expect(new Set(variants.map((v) => v.value)).size).toBe(variants.length);
    expect(variants.map((v) => v.value)).not.toContain(token);
    expect(variants.find((v) => v.label === 'in upper case')?.value).toBe(token.toUpperCase());
    expect(variants.find((v) => v.label === 'after the auth scheme "Bearer"')?.value).toBe(`Bearer ${token}`);
    // A token without letters has no case to change: those alterations are left out, not sent as the token.
    expect(tokenVariants('12345678901234567890').map((v) => v.label)).not.toContain('in upper case');
  });

  it('alterations of a signature header change exactly the part they name', () => {
    const header =
      'SDK-HMAC-SHA256 Access=AKTEST0001, SignedHeaders=content-type;host;x-sdk-date, Signature=0a1b2c3d';
    const altered = new Map(signatureVariants().map((v) => [v.label, v.alter(header)]));
    for (const value of altered.values()) expect(value).not.toBe(header);
    expect(altered.get('its signature in upper case')).toContain('Signature=0A1B2C3D');
    expect(altered.get('its AK in lower case')).toContain('Access=aktest0001,');
    expect(altered.get('x-sdk-date left out of its signed headers')).toContain(
      'SignedHeaders=content-type;host,',
    );
    expect(altered.get('another algorithm named')?.startsWith('SDK-HMAC-SHA1 ')).toBe(true);
  });
});
