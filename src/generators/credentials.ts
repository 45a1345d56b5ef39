/**
 * Credentials derived like fields: from the run's own token, and from a signature made the SDKs' way, the
 * alterations a server that compares loosely would let through (a prefix, a case change, a character changed
 * at either end or inside, an auth-scheme word in front). Every one must be refused. Pure: the labels hold no
 * value of the run. Whitespace at the ends of a header is not among them: HTTP strips it before a server sees
 * it (RFC 9110 §5.5), so it is the same token.
 */

export interface Variant {
  readonly label: string;
  readonly value: string;
}

/**
 * The character at `i` replaced by another of its kind: a digit by a digit, a hex letter by a hex letter (a
 * signature stays well-formed hex), any other letter by a letter of its case.
 */
function changedAt(text: string, i: number): string {
  const ch = text[i] ?? 'a';
  const pick = (a: string, b: string) => (ch === a ? b : a);
  const other = /\d/.test(ch)
    ? pick('7', '3')
    : /[a-f]/.test(ch)
      ? pick('b', 'c')
      : /[A-F]/.test(ch)
        ? pick('B', 'C')
        : /[a-z]/.test(ch)
          ? pick('q', 'z')
          : pick('Q', 'Z');
  return `${text.slice(0, i)}${other}${text.slice(i + 1)}`;
}

const swapCase = (text: string) =>
  [...text].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');

/** Keeps variants that differ from the original and from each other, and can travel in a header. */
function distinct(original: string, variants: readonly Variant[]): Variant[] {
  const seen = new Set([original]);
  return variants.filter((v) => {
    if (seen.has(v.value) || v.value === '' || !/^[\x20-\x7e]+$/.test(v.value)) return false;
    seen.add(v.value);
    return true;
  });
}

export function tokenVariants(token: string): Variant[] {
  const mid = Math.floor(token.length / 2);
  return distinct(token, [
    { label: 'cut by its last character', value: token.slice(0, -1) },
    { label: 'cut to half its length', value: token.slice(0, mid) },
    { label: 'cut to its first 8 characters', value: token.slice(0, 8) },
    { label: 'with one character appended', value: `${token}A` },
    { label: 'twice over', value: `${token}${token}` },
    { label: 'in upper case', value: token.toUpperCase() },
    { label: 'in lower case', value: token.toLowerCase() },
    { label: 'with the case of each letter swapped', value: swapCase(token) },
    { label: 'with its first character changed', value: changedAt(token, 0) },
    { label: 'with its middle character changed', value: changedAt(token, mid) },
    { label: 'with its last character changed', value: changedAt(token, token.length - 1) },
    { label: 'with a space inside', value: `${token.slice(0, mid)} ${token.slice(mid)}` },
    { label: 'after the auth scheme "Bearer"', value: `Bearer ${token}` },
  ]);
}

/**
 * Alterations of an Authorization header `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex` made
 * by the run's own signer: the signature, the access key, the list of signed headers, the algorithm.
 */
export function signatureVariants(): readonly { label: string; alter: (header: string) => string }[] {
  const part = (name: string) => new RegExp(`(${name}=)([^,\\s]+)`);
  const alterPart = (name: string, f: (v: string) => string) => (header: string) =>
    header.replace(part(name), (_m, key: string, v: string) => `${key}${f(v)}`);
  return [
    {
      label: 'its signature with the first digit changed',
      alter: alterPart('Signature', (v) => changedAt(v, 0)),
    },
    {
      label: 'its signature with a middle digit changed',
      alter: alterPart('Signature', (v) => changedAt(v, v.length >> 1)),
    },
    {
      label: 'its signature with the last digit changed',
      alter: alterPart('Signature', (v) => changedAt(v, v.length - 1)),
    },
    { label: 'its signature cut by one digit', alter: alterPart('Signature', (v) => v.slice(0, -1)) },
    { label: 'its signature in upper case', alter: alterPart('Signature', (v) => v.toUpperCase()) },
    {
      label: 'its AK with one character changed',
      alter: alterPart('Access', (v) => changedAt(v, v.length - 1)),
    },
    {
      label: 'its AK in lower case',
      alter: alterPart('Access', (v) => (v.toLowerCase() === v ? `${v}x` : v.toLowerCase())),
    },
    {
      label: 'x-sdk-date left out of its signed headers',
      alter: alterPart('SignedHeaders', (v) =>
        v
          .split(';')
          .filter((h) => h !== 'x-sdk-date')
          .join(';'),
      ),
    },
    {
      label: 'another algorithm named',
      alter: (header) => header.replace(/^SDK-HMAC-SHA256/, 'SDK-HMAC-SHA1'),
    },
  ];
}
