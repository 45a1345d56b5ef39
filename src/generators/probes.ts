/**
 * The universe of characters the derivation layer tries against a string pattern. A probe is used only where
 * the schema's own pattern forbids it, so the same list serves any field and any future pattern.
 */
export interface CharProbe {
  readonly label: string;
  readonly text: string;
  /** Where it is tried: every position, or only at the ends (whitespace a server might trim). */
  readonly positions: readonly Position[];
}

export type Position = 'start' | 'middle' | 'end' | 'alone';
const all: readonly Position[] = ['start', 'middle', 'end', 'alone'];
const ends: readonly Position[] = ['start', 'end'];
const middle: readonly Position[] = ['middle'];

export const charProbes: readonly CharProbe[] = [
  // Whitespace and line terminators: a server that trims, or whose $ matches before a final newline.
  { label: 'space', text: ' ', positions: all },
  { label: 'tab', text: '\t', positions: all },
  { label: 'LF', text: '\n', positions: all },
  { label: 'CR', text: '\r', positions: ends },
  { label: 'CRLF', text: '\r\n', positions: ends },
  { label: 'U+2028 line separator', text: '\u2028', positions: ends },
  { label: 'U+2029 paragraph separator', text: '\u2029', positions: ends },
  { label: 'U+0085 next line', text: '\u0085', positions: ends },
  { label: 'U+00A0 no-break space', text: '\u00a0', positions: ends },
  { label: 'NUL', text: '\u0000', positions: all },
  // ASCII punctuation outside the class.
  { label: 'dot', text: '.', positions: all },
  { label: 'at sign', text: '@', positions: all },
  { label: 'plus', text: '+', positions: all },
  { label: 'asterisk', text: '*', positions: all },
  { label: 'backslash', text: '\\', positions: all },
  { label: 'hash', text: '#', positions: all },
  { label: 'percent', text: '%', positions: all },
  { label: 'quotation mark', text: '"', positions: all },
  { label: 'apostrophe', text: "'", positions: all },
  { label: 'less-than', text: '<', positions: middle },
  { label: 'question mark', text: '?', positions: middle },
  { label: 'equals', text: '=', positions: middle },
  { label: 'comma', text: ',', positions: middle },
  { label: 'pipe', text: '|', positions: middle },
  // Letters outside ASCII, and characters outside the Basic Multilingual Plane.
  { label: 'é', text: '\u00e9', positions: all },
  { label: 'CJK 密', text: '密', positions: all },
  { label: 'emoji 😀', text: '😀', positions: all },
  { label: 'combining acute accent', text: '\u0301', positions: ['end'] },
  // Lookalikes of allowed characters: a server that normalises (NFKC) or compares loosely.
  { label: 'fullwidth a', text: '\uff41', positions: middle },
  { label: 'fullwidth digit 1', text: '\uff11', positions: middle },
  { label: 'fullwidth colon', text: '\uff1a', positions: middle },
  { label: 'fullwidth solidus', text: '\uff0f', positions: middle },
  { label: 'fullwidth low line', text: '\uff3f', positions: middle },
  { label: 'fullwidth hyphen-minus', text: '\uff0d', positions: middle },
  { label: 'Cyrillic а', text: '\u0430', positions: middle },
  { label: 'Greek ο', text: '\u03bf', positions: middle },
  { label: 'U+2010 hyphen', text: '\u2010', positions: middle },
  { label: 'U+2212 minus sign', text: '\u2212', positions: middle },
  { label: 'U+2215 division slash', text: '\u2215', positions: middle },
];

/** Lookalikes of Latin letters, used to disguise an enumeration value. */
export const homoglyphs: Readonly<Record<string, string>> = {
  A: '\u0410',
  E: '\u0415',
  K: '\u041a',
  M: '\u041c',
  O: '\u041e',
  P: '\u0420',
  S: '\u0405',
  C: '\u0421',
  a: '\u0430',
  e: '\u0435',
  o: '\u043e',
  s: '\u0455',
  x: '\u0445',
};

/** Character families for fields that allow any character: lengths are counted in code points. */
export const charFamilies: readonly { readonly label: string; readonly unit: string }[] = [
  { label: 'ASCII', unit: 'd' },
  { label: 'CJK (3 UTF-8 bytes each)', unit: '密' },
  { label: 'astral emoji (2 UTF-16 units, 4 bytes each)', unit: '😀' },
  { label: 'combining marks (e + U+0301 pairs)', unit: 'e\u0301' },
];

/** `count` code points of a family's unit (a unit of two code points is cut to fit). */
export function codePoints(unit: string, count: number): string {
  const points = [...unit];
  return Array.from({ length: count }, (_, i) => points[i % points.length]).join('');
}
