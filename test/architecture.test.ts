import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every TypeScript file under a folder, tests included (a test's imports are held to its folder's rule too). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated') return [];
    return statSync(join(root, path)).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
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

const under =
  (...prefixes: string[]) =>
  (t: string) =>
    prefixes.some((p) => t === p || t.startsWith(p.endsWith('.js') ? p : `${p}/`));
const node = (t: string) => t.startsWith('node:');
const errors = (t: string) => t === 'src/errors.js';

/**
 * ARCHITECTURE.md, as rules: a file may import only what its folder's rule accepts (tests of a folder
 * included). Every folder with TypeScript must have a rule; the first rule whose folder holds a file is its.
 */
const layers: { layer: string; allowed: (target: string, file: string) => boolean }[] = [
  { layer: 'src/errors.ts', allowed: () => false },
  {
    layer: 'src/index.ts',
    allowed: under('src/cli/api.js', 'src/reference/server.js', 'src/report/model.js', 'src/catalogue'),
  },
  {
    layer: 'src/catalogue',
    allowed: (t) =>
      under('src/catalogue')(t) || errors(t) || node(t) || t.startsWith('ajv') || t === 'vitest',
  },
  {
    layer: 'src/generators',
    allowed: (t) =>
      under('src/generators', 'src/catalogue')(t) || errors(t) || t === 'fast-check' || t === 'vitest',
  },
  {
    layer: 'src/plan',
    allowed: (t) => under('src/plan', 'src/catalogue', 'src/generators')(t) || errors(t) || t === 'vitest',
  },
  {
    layer: 'src/transport',
    allowed: (t) => under('src/transport')(t) || errors(t) || node(t) || t === 'undici' || t === 'vitest',
  },
  {
    layer: 'src/findings',
    allowed: (t) =>
      under('src/findings', 'src/transport/evidence.js')(t) ||
      errors(t) ||
      t === 'node:crypto' ||
      t === 'vitest',
  },
  {
    // Pure: facts in, findings out. No I/O: the transport's types and evidence only.
    layer: 'src/judge',
    allowed: (t) =>
      under(
        'src/judge',
        'src/catalogue',
        'src/findings',
        'src/plan/types.js',
        'src/transport/evidence.js',
        'src/transport/exchange.js',
        'src/transport/list-keys.js',
      )(t) ||
      errors(t) ||
      t === 'vitest',
  },
  {
    layer: 'src/reference',
    allowed: (t) =>
      under(
        'src/reference',
        'src/catalogue',
        'src/transport/signing.js',
        'src/transport/json-depth.js',
        'src/transport/in-process.js',
      )(t) ||
      errors(t) ||
      node(t) ||
      t.startsWith('ajv'),
  },
  {
    layer: 'src/config',
    allowed: (t) =>
      under('src/config', 'src/catalogue', 'src/plan', 'src/transport', 'src/judge', 'src/findings')(t) ||
      errors(t) ||
      node(t) ||
      t === 'vitest',
  },
  {
    layer: 'src/run',
    allowed: (t) =>
      under(
        'src/run',
        'src/config',
        'src/catalogue',
        'src/generators',
        'src/plan',
        'src/transport',
        'src/reference',
        'src/judge',
        'src/findings',
      )(t) ||
      errors(t) ||
      node(t),
  },
  {
    // Recordings, their diff and their replay: built from a run's findings and the report's statuses.
    layer: 'src/record',
    allowed: (t) =>
      under('src/record', 'src/catalogue', 'src/findings', 'src/transport', 'src/report/model.js')(t) ||
      errors(t) ||
      node(t) ||
      t.startsWith('ajv'),
  },
  {
    layer: 'src/report',
    allowed: (t) =>
      under(
        'src/report',
        'src/catalogue',
        'src/config',
        'src/findings',
        'src/judge',
        'src/transport/redact.js',
        'src/transport/answer-tally.js',
        // Coverage counts the derived values a run exercised.
        'src/generators',
        // The diff's page and table show a diff's result: its types only.
        'src/record/diff.js',
        'src/record/format.js',
      )(t) ||
      errors(t) ||
      node(t) ||
      t === 'vitest/node' ||
      t === 'vitest',
  },
  {
    // The release gate: baselines and comparisons of reports.
    layer: 'src/gate',
    allowed: (t) =>
      under('src/gate', 'src/catalogue', 'src/report')(t) || errors(t) || node(t) || t.startsWith('ajv'),
  },
  {
    layer: 'src/contract',
    allowed: (t) =>
      under('src/contract', 'src/transport')(t) ||
      // How answers read (a key not found yet, an error's code): readers, not the catalogue's rules.
      t === 'src/catalogue/answers.js' ||
      errors(t) ||
      node(t) ||
      t === 'undici' ||
      t === '@pact-foundation/pact',
  },
  { layer: 'src/cli', allowed: (t) => under('src')(t) || node(t) || t === 'vitest' || t === 'vitest/node' },
  {
    // The target is reached through the transport only, never the reference. Only the global setup of a plain
    // `vitest run` prepares a run itself.
    layer: 'suites',
    allowed: (t, file) =>
      (under('src/run/prepare.js', 'src/cli/options.js')(t) && file === 'suites/support/global-setup.ts') ||
      under(
        'suites',
        'src/catalogue',
        'src/generators',
        'src/transport',
        'src/config',
        'src/findings',
        'src/judge',
      )(t) ||
      errors(t) ||
      node(t) ||
      ['vitest', 'vitest/node', 'fast-check'].includes(t),
  },
  {
    layer: 'pact',
    allowed: (t) =>
      under('pact', 'src/contract', 'src/reference', 'src/transport', 'test/support')(t) ||
      node(t) ||
      ['vitest', 'undici', '@pact-foundation/pact'].includes(t),
  },
  {
    layer: 'bench',
    allowed: (t) =>
      under('bench', 'src/reference', 'src/cli', 'src/report', 'src/transport', 'test/support')(t) ||
      errors(t) ||
      node(t) ||
      ['undici', 'fastify', 'ajv', 'ajv/dist/2020.js'].includes(t),
  },
  {
    layer: 'scripts',
    allowed: (t) =>
      under('scripts', 'src/catalogue', 'src/plan', 'src/generators', 'src/reference')(t) ||
      node(t) ||
      ['vitest', 'fast-check'].includes(t),
  },
  // The tool's own tests may use any part of it.
  { layer: 'test', allowed: (t) => !t.startsWith('.') },
];

const layerOf = (file: string) =>
  layers.find((l) => file === l.layer || file.startsWith(`${l.layer}/`))?.layer;

describe('layers import only what ARCHITECTURE.md allows', () => {
  for (const { layer, allowed } of layers) {
    it(layer, () => {
      const files = layer.endsWith('.ts') ? [layer] : sources(layer).filter((f) => layerOf(f) === layer);
      expect(files.length, `${layer} holds no TypeScript`).toBeGreaterThan(0);
      const broken = files.flatMap((file) =>
        importsOf(file)
          .filter((t) => !allowed(t, file))
          .map((t) => `${file} → ${t}`),
      );
      expect(broken).toEqual([]);
    });
  }

  it('every folder of the tree has a rule', () => {
    const tops = readdirSync(root).filter(
      (name) =>
        !name.startsWith('.') &&
        !['node_modules', 'dist', 'reports'].includes(name) &&
        statSync(join(root, name)).isDirectory(),
    );
    const unruled = tops.flatMap((top) => sources(top)).filter((file) => layerOf(file) === undefined);
    expect(unruled).toEqual([]);
  });

  it('the rule table sees real imports (a rule that matches nothing proves nothing)', () => {
    expect(importsOf('src/reference/app.ts')).toContain('src/reference/behaviour.js');
    expect(importsOf('suites/support/suite.ts')).toContain('src/generators/derive.js');
    expect(importsOf('src/run/key-phase.ts')).toContain('src/plan/attribution.js');
  });
});
