import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory()
      ? sources(path)
      : name.endsWith('.ts') && !name.endsWith('.test.ts')
        ? [path]
        : [];
  });
}

/** Each import of a file: a package name, or the repository path of a relative import. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm,
    /\bimport\(\s*'([^']+)'\s*\)/g,
    /^\s*import\s+'([^']+)'/gm,
  ];
  const specifiers = patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] ?? ''));
  return specifiers.map((s) =>
    s.startsWith('.') ? relative(root, resolve(join(root, dirname(file)), s)) : s,
  );
}

/** ARCHITECTURE.md, as rules: a layer's files may import only what `allowed` accepts. */
const layers: { layer: string; allowed: (target: string, file: string) => boolean }[] = [
  {
    layer: 'src/spec',
    allowed: (t) => t.startsWith('src/spec/') || t.startsWith('node:') || t.startsWith('ajv'),
  },
  {
    layer: 'src/generators',
    allowed: (t) => t.startsWith('src/generators/') || t.startsWith('src/spec/') || t === 'fast-check',
  },
  {
    layer: 'src/transport',
    allowed: (t) => t.startsWith('src/transport/') || t.startsWith('node:') || t === 'undici',
  },
  {
    layer: 'src/reference',
    allowed: (t) =>
      t.startsWith('src/reference/') ||
      t.startsWith('src/spec/') ||
      t === 'src/transport/signing.js' ||
      t === 'src/transport/json-depth.js' ||
      t.startsWith('node:') ||
      t.startsWith('ajv'),
  },
  {
    layer: 'src/config',
    allowed: (t) =>
      t.startsWith('src/config/') ||
      t.startsWith('src/spec/') ||
      t.startsWith('src/plan/') ||
      t.startsWith('src/transport/') ||
      t.startsWith('node:'),
  },
  {
    layer: 'src/plan',
    allowed: (t) => t.startsWith('src/plan/') || t.startsWith('src/spec/') || t.startsWith('src/generators/'),
  },
  {
    layer: 'src/run',
    allowed: (t) =>
      [
        'src/run/',
        'src/config/',
        'src/spec/',
        'src/generators/',
        'src/plan/',
        'src/transport/',
        'src/reference/',
      ].some((p) => t.startsWith(p)) || t.startsWith('node:'),
  },
  {
    layer: 'src/contract',
    allowed: (t) =>
      t.startsWith('src/contract/') ||
      t.startsWith('src/transport/') ||
      t.startsWith('node:') ||
      t === 'undici' ||
      t === '@pact-foundation/pact',
  },
  {
    layer: 'src/report',
    allowed: (t) =>
      t.startsWith('src/report/') ||
      t.startsWith('src/spec/') ||
      t.startsWith('src/config/') ||
      t.startsWith('src/transport/') ||
      t.startsWith('node:') ||
      t === 'vitest/node',
  },
  {
    layer: 'suites',
    allowed: (t, file) =>
      (['src/run/prepare.js', 'src/cli/options.js'].includes(t) &&
        file === 'suites/support/global-setup.ts') ||
      ['suites/', 'src/spec/', 'src/generators/', 'src/transport/', 'src/config/'].some((p) =>
        t.startsWith(p),
      ) ||
      ['vitest', 'vitest/node', 'fast-check'].includes(t) ||
      t.startsWith('node:'),
  },
];

describe('layers import only what ARCHITECTURE.md allows', () => {
  for (const { layer, allowed } of layers) {
    it(layer, () => {
      const broken = sources(layer).flatMap((file) =>
        importsOf(file)
          .filter((t) => !allowed(t, file))
          .map((t) => `${file} → ${t}`),
      );
      expect(broken).toEqual([]);
    });
  }

  it('the rule table sees real imports (a rule that matches nothing proves nothing)', () => {
    expect(importsOf('src/reference/app.ts')).toContain('src/reference/behaviour.js');
    expect(importsOf('suites/support/checks.ts')).toContain('src/generators/derive.js');
    expect(importsOf('src/run/key-phase.ts')).toContain('src/plan/attribution.js');
  });
});
