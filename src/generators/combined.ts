/**
 * Where two rules meet: for every bounded string field, the lengths n−1, n and n+1 at its limit crossed with
 * each character class the field allows and with whitespace or a line terminator at either end (where the
 * field allows them). A server that checks the length of a trimmed value, or counts only some classes, meets
 * a value one over the limit that it cannot tell from a valid one. The full product is taken when it is small,
 * otherwise every pair of dimension values once (pairwise), the dimensions read from the schema. And for every
 * free text field a value with edge whitespace and inner runs, which describe-key must show unchanged.
 */
import type { RequestField } from '../catalogue/schemas.js';
import type { Draft, Fresh } from './derive.js';
import { charFamilies, charProbes, codePoints } from './probes.js';

/** Whitespace a server might trim or collapse: tried at the ends of values of fields that allow it. */
const edgeKinds = ['space', 'tab', 'LF', 'CRLF', 'U+00A0 no-break space'] as const;
/** Above this many rows the product is reduced to every pair once. */
const fullProductLimit = 40;

interface ContentClass {
  readonly label: string;
  /** `count` code points of the class. */
  fill(count: number): string;
}

interface Edge {
  readonly label: string;
  readonly text: string;
  readonly at: 'start' | 'end';
}

/** Every pair of values of any two dimensions in at least one row: greedy, deterministic, by index. */
export function pairwise(sizes: readonly number[]): number[][] {
  const product: number[][] = sizes.reduce<number[][]>(
    (rows, n) => rows.flatMap((row) => Array.from({ length: n }, (_, i) => [...row, i])),
    [[]],
  );
  const key = (a: number, i: number, b: number, j: number) => `${a}:${i}|${b}:${j}`;
  const uncovered = new Set<string>();
  for (let a = 0; a < sizes.length; a++)
    for (let b = a + 1; b < sizes.length; b++)
      for (let i = 0; i < (sizes[a] ?? 0); i++)
        for (let j = 0; j < (sizes[b] ?? 0); j++) uncovered.add(key(a, i, b, j));
  const pairsOf = (row: readonly number[]) =>
    row.flatMap((i, a) => row.slice(a + 1).map((j, d) => key(a, i, a + 1 + d, j)));
  const rows: number[][] = [];
  while (uncovered.size > 0) {
    let best = product[0] ?? [];
    let gain = -1;
    for (const row of product) {
      const g = pairsOf(row).filter((p) => uncovered.has(p)).length;
      if (g > gain) [best, gain] = [row, g];
    }
    rows.push(best);
    for (const p of pairsOf(best)) uncovered.delete(p);
  }
  return rows;
}

function parsePattern(pattern: unknown): { allowed: RegExp; body: string; max: number } | undefined {
  const m = typeof pattern === 'string' ? /^\^\[(.+)\]\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern) : null;
  if (!m?.[1] || !m[2]) return undefined;
  return { allowed: new RegExp(`^[${m[1]}]$`, 'u'), body: m[1], max: Number(m[3] ?? m[2]) };
}

/** One character of each range and each single character of a class body: "a-zA-Z0-9:/_-" → a A 0 : / _ -. */
function classChars(body: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (body[i + 1] === '-' && i + 2 < body.length) {
      out.push(ch);
      i += 2;
    } else out.push(ch === '\\' ? (body[++i] ?? '') : ch);
  }
  return out;
}

/** A value of exactly `length` code points: the field's fresh start where it needs one, then the class. */
function valueWith(length: number, cls: ContentClass, edge: Edge | undefined, start: string): string {
  const edgeLength = edge ? [...edge.text].length : 0;
  const head = [...start].slice(0, Math.max(0, length - edgeLength - 1)).join('');
  const body = `${head}${cls.fill(Math.max(0, length - edgeLength - [...head].length))}`;
  return edge === undefined ? body : edge.at === 'start' ? `${edge.text}${body}` : `${body}${edge.text}`;
}

export function combinedDrafts(field: RequestField): Draft[] {
  const s = field.schema;
  const parsed = parsePattern(s.pattern);
  const max = typeof s.maxLength === 'number' ? s.maxLength : parsed?.max;
  if (max === undefined) return [];
  const f = field.name;
  // A fixed length (sequence): its n±1 and its classes are the pattern drafts' already.
  if (typeof s.minLength === 'number' && s.minLength === max) return [];
  if (parsed !== undefined && typeof s.minLength !== 'number' && /\{(\d+)\}\$$/.test(String(s.pattern)))
    return [];
  const classes: ContentClass[] = parsed
    ? classChars(parsed.body).map((ch) => ({ label: `"${ch}"`, fill: (n) => ch.repeat(n) }))
    : charFamilies.map((family) => ({ label: family.label, fill: (n) => codePoints(family.unit, n) }));
  const allows = (text: string) => parsed === undefined || [...text].every((ch) => parsed.allowed.test(ch));
  const edges: (Edge | undefined)[] = [
    undefined,
    ...edgeKinds.flatMap((kind) => {
      const text = charProbes.find((p) => p.label === kind)?.text ?? ' ';
      return allows(text) ? (['start', 'end'] as const).map((at) => ({ label: kind, text, at })) : [];
    }),
  ];
  const lengths = [max - 1, max, max + 1];
  const sizes = [lengths.length, classes.length, edges.length];
  const product = sizes.reduce((a, b) => a * b, 1);
  const rows =
    product <= fullProductLimit
      ? Array.from({ length: product }, (_, i) => [
          Math.floor(i / (classes.length * edges.length)),
          Math.floor(i / edges.length) % classes.length,
          i % edges.length,
        ])
      : pairwise(sizes);
  // A pattern field's value starts with the run's fresh value (the alias prefix): it stays unique and cleanable.
  const start = (fr: Fresh) => (parsed === undefined ? '' : fr.alias());
  return rows.map(([l = 0, c = 0, e = 0]) => {
    const [length, cls, edge] = [lengths[l] ?? max, classes[c] as ContentClass, edges[e]];
    const label = `${length} characters, the rest ${cls.label}${edge ? `, a ${edge.label} at the ${edge.at}` : ''}`;
    return {
      family: 'combined' as const,
      label,
      patch: (fr: Fresh) => ({ [f]: valueWith(length, cls, edge, start(fr)) }),
    };
  });
}

/** Free text that describe-key echoes: whitespace at both ends and inner runs, to come back as it went. */
export function echoDrafts(field: RequestField): Draft[] {
  const s = field.schema;
  if (s.pattern !== undefined || Array.isArray(s.enum) || typeof s.maxLength !== 'number') return [];
  return [
    {
      family: 'echo',
      label: 'edge whitespace and inner runs',
      patch: () => ({
        [field.name]: '  two spaces before, inner   runs,\ta tab, a line\nbreak and two after  ',
      }),
    },
  ];
}
