/**
 * A recorded body as a template: its placeholders (`<alias:5>`, `<key-id:3>`, `<number:2>`, `<date>`) stand for
 * any value, literal text must be equal, and one placeholder stands for one value wherever it appears. Matching
 * a concrete body against it says which value each placeholder took; filling one in writes the values back.
 */

export type Bindings = ReadonlyMap<string, string>;

const placeholder = /<(?:[a-z-]+:\d+|date|project-id)>/g;
/** `<pad:x:256>`: the character x repeated, so that the whole string is 256 characters long. */
const pad = /<pad:([a-z]):(\d+)>$/;
const whole = /^<(?:[a-z-]+:\d+|date|project-id)>$/;

/**
 * The values `concrete` gives the placeholders of `template`, or undefined when it does not fit. `known` are
 * the values already bound: a placeholder bound elsewhere must take the same value here.
 */
export function matchTemplate(
  template: unknown,
  concrete: unknown,
  known: Bindings,
): Map<string, string> | undefined {
  const found = new Map<string, string>();
  const bind = (name: string, value: string) => {
    const before = found.get(name) ?? known.get(name);
    if (before !== undefined && before !== value && name !== '<date>') return false;
    found.set(name, value);
    return true;
  };
  const walk = (t: unknown, c: unknown): boolean => {
    if (typeof t === 'string') {
      // A number the run sent where a string belongs stays a number.
      if (t.startsWith('<number:') && whole.test(t)) return typeof c === 'number' && bind(t, String(c));
      if (typeof c !== 'string') return false;
      return matchString(t, c, bind);
    }
    if (Array.isArray(t))
      return Array.isArray(c) && c.length === t.length && t.every((v, i) => walk(v, c[i]));
    if (typeof t === 'object' && t !== null) {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) return false;
      const [tk, ck] = [Object.keys(t), Object.keys(c)];
      return (
        tk.length === ck.length &&
        tk.every(
          (k) =>
            Object.hasOwn(c, k) && walk((t as Record<string, unknown>)[k], (c as Record<string, unknown>)[k]),
        )
      );
    }
    return Object.is(t, c);
  };
  return walk(template, concrete) ? found : undefined;
}

function matchString(
  template: string,
  value: string,
  bind: (name: string, value: string) => boolean,
): boolean {
  const padded = pad.exec(template);
  if (padded) {
    const [, char = '', length = ''] = padded;
    if ([...value].length !== Number(length)) return false;
    const head = template.slice(0, padded.index);
    const cut = value.replace(new RegExp(`${char}+$`), '');
    // The padding is at least one character; what precedes it is matched as any template is.
    return cut.length < value.length && matchString(head, cut, bind);
  }
  const names = template.match(placeholder) ?? [];
  if (names.length === 0) return template === value;
  const pattern = template
    .split(placeholder)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([\\s\\S]+?)');
  const m = compiled(pattern).exec(value);
  if (m === null) return false;
  return names.every((name, i) => bind(name, m[i + 1] ?? ''));
}

/** The template with its placeholders replaced: bound ones by their value, others by `fresh(name)`. */
export function fillTemplate(template: unknown, value: (name: string) => string): unknown {
  if (typeof template === 'string') {
    if (template.startsWith('<number:') && whole.test(template)) {
      const n = Number(value(template));
      return Number.isFinite(n) ? n : value(template);
    }
    const padded = pad.exec(template);
    if (padded) {
      const head = fillTemplate(template.slice(0, padded.index), value) as string;
      const missing = Number(padded[2]) - [...head].length;
      return head + (padded[1] ?? 'x').repeat(Math.max(missing, 1));
    }
    return template.replace(placeholder, (name) => value(name));
  }
  if (Array.isArray(template)) return template.map((v) => fillTemplate(v, value));
  if (typeof template === 'object' && template !== null)
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, value)]));
  return template;
}

const patterns = new Map<string, RegExp>();
/** A template's regular expression, made once: a replay matches each request against hundreds. */
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^${pattern}$`);
    patterns.set(pattern, re);
  }
  return re;
}
