/**
 * The package as a user gets it: `npm pack`, then `npm install` of the tarball in an empty project. Its bin
 * runs from the build (no tsx), `serve`, `list` and `faults` load neither vitest nor Pact, and the library
 * API, the schemas and openapi.yaml are importable by their documented names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('../support/record-imports.mjs', import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe('the packed tarball, installed in an empty project', () => {
  const app = tempDir('app');
  let files: string[] = [];
  beforeAll(() => {
    const packed = tempDir('pack');
    // The global setup has just built dist/, as `prepare` does on a plain `npm pack`; running it again here
    // would rewrite dist/ under the other end-to-end files while they run the CLI.
    const listing = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packed], root),
    ) as {
      files: { path: string }[];
    }[];
    files = listing[0]?.files.map((f) => f.path) ?? [];
    const tarball = join(packed, readdirSync(packed).find((f) => f.endsWith('.tgz')) ?? '');
    writeFileSync(
      join(app, 'package.json'),
      '{"name":"app","version":"1.0.0","type":"module","private":true}\n',
    );
    npm(['install', '--prefer-offline', tarball], app);
  }, 180_000);

  it('holds the build, the schemas and the pact, and none of the sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/src/cli/bin.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/suites/alias.suite.js',
        'dist/suites/support/suite.js',
        'schemas/openapi.yaml',
        'schemas/create-key-request.seed.schema.json',
        'pacts/kms-conformance-consumer-huaweicloud-kms.json',
      ]),
    );
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    // Only what the sources build: an output whose source is gone (a renamed folder) is not shipped.
    const orphans = files.filter(
      (f) =>
        f.startsWith('dist/') &&
        f.endsWith('.js') &&
        !existsSync(join(root, f.slice('dist/'.length).replace(/\.js$/, '.ts'))),
    );
    expect(orphans).toEqual([]);
    // A plain `npm pack` and a git install build first.
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.prepare).toBe('npm run build');
    expect(files.filter((f) => /^(test|bench|scripts|pact|\.scratch)\//.test(f))).toEqual([]);
  });

  it('its bin runs list, faults and serve without loading vitest or Pact', () => {
    const bin = join(app, 'node_modules', 'kms-conformance', 'dist', 'src', 'cli', 'bin.js');
    for (const args of [['list'], ['faults'], ['serve', '--help']]) {
      const result = spawnSync(process.execPath, ['--import', recorder, bin, ...args], {
        cwd: app,
        encoding: 'utf8',
      });
      expect(result.status, `${args.join(' ')}: ${result.stderr.slice(-300)}`).toBe(0);
      const loaded = result.stderr.split('\n').filter((l) => l.startsWith('IMPORT '));
      expect(loaded.length, 'the recorder saw the imports').toBeGreaterThan(0);
      expect(loaded.filter((l) => /\/node_modules\/(vitest|@vitest|@pact-foundation|tsx)\//.test(l))).toEqual(
        [],
      );
    }
  });

  it('its library API runs the suite, starts the reference, and names the schemas and openapi.yaml', () => {
    const script = `
      import { runConformance, startReferenceServer, catalogue } from 'kms-conformance';
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const reference = await startReferenceServer({ token: 'T-0123456789' });
      const answer = await fetch(reference.url + '/v1.0/' + reference.projectId + '/kms/create-key', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': 'T-0123456789' },
        body: JSON.stringify({ key_alias: 'from-the-api' }),
      });
      await reference.close();
      const result = await runConformance({ grep: '^CK-ALIAS-LENGTH', allowIncomplete: true });
      console.log(JSON.stringify({
        status: answer.status,
        requirements: catalogue.length,
        verdict: result.verdict,
        exitCode: result.exitCode,
        alias: result.report.requirements.find((r) => r.id === 'CK-ALIAS-LENGTH-VALID')?.status,
        schema: require('kms-conformance/schemas/create-key-request.seed.schema.json').required,
        openapi: require.resolve('kms-conformance/openapi.yaml').endsWith('schemas/openapi.yaml'),
        pact: require('kms-conformance/pact').consumer.name,
      }));
    `;
    const file = join(app, 'api.mjs');
    writeFileSync(file, script);
    const out = execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')).toEqual({
      status: 200,
      requirements: 64,
      verdict: 'incomplete',
      exitCode: 0,
      alias: 'pass',
      schema: ['key_alias'],
      openapi: true,
      pact: 'kms-conformance-consumer',
    });
  }, 60_000);
});
