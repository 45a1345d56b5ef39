import fc from 'fast-check';

/** The characters ^[a-zA-Z0-9:/_-]$ allows, by class (create-key.md §2 key_alias). */
export const aliasClasses = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  colon: ':',
  slash: '/',
  underscore: '_',
  hyphen: '-',
} as const;
export const aliasAlphabet = Object.values(aliasClasses).join('');

/** One representative of each class the alias pattern forbids, with the pitfall it probes. */
export const forbiddenAliasCharacters: readonly { readonly label: string; readonly char: string }[] = [
  { label: 'space', char: ' ' },
  { label: 'dot', char: '.' },
  { label: 'at sign', char: '@' },
  { label: 'non-ASCII letter é', char: '\u00e9' },
  { label: 'CJK letter', char: '密' },
  { label: 'fullwidth letter', char: '\uff41' },
  { label: 'newline (a $ that matches before \\n)', char: '\n' },
  { label: 'tab', char: '\t' },
  { label: 'NUL', char: '\u0000' },
  { label: 'backslash', char: '\\' },
  { label: 'plus', char: '+' },
  { label: 'asterisk', char: '*' },
];

export interface AliasConstraints {
  /** Prepended to every alias, so a run's keys are recognisable and never collide with another run's. */
  readonly prefix: string;
  readonly maxLength?: number;
}

/** Valid aliases: the prefix, then allowed characters, at most 255 in all, never ending in /default. */
export function validAlias({ prefix, maxLength = 255 }: AliasConstraints): fc.Arbitrary<string> {
  const room = maxLength - prefix.length - 1;
  if (room < 1)
    throw new Error(
      `validAlias: prefix must leave room for one character, but received ${prefix.length} characters`,
    );
  return fc
    .string({ unit: fc.constantFrom(...aliasAlphabet), minLength: 1, maxLength: room })
    .map((tail) => `${prefix}-${tail}`)
    .filter((alias) => !alias.endsWith('/default'));
}

/** Aliases that end in the reserved suffix, in its forms. */
export const defaultSuffixAliases = (prefix: string) => [
  '/default',
  'x/default',
  'a/b/default',
  'obs/default',
  `${prefix}/default`,
];

/** Aliases that only resemble the reserved suffix and are valid. */
export const defaultLookalikeAliases = (prefix: string) => [
  `${prefix}/defaults`,
  `${prefix}/default/y`,
  `default/${prefix}`,
  `${prefix}_default`,
];
