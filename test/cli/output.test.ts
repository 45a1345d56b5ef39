/**
 * What `run` prints: by default a line per family and our summary (no vitest reporter, no stack traces);
 * vitest's reporter with --verbose; colour only on a terminal, and never with NO_COLOR.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deriveCases } from '../../src/generators/derive.js';
import { tempDir } from '../support/files.js';
import { cliPath, runCli } from '../support/spawn.js';

const args = ['run', '--grep', '^CK-ALIAS-(REQUIRED|LENGTH-INVALID)', '--fault', 'alias-max-256'];
/**
 * The checks the fault fails: every refusal of CK-ALIAS-LENGTH-INVALID one character over the limit (the plain
 * one and one per character class where the limit meets the content); the rest of the selection passes.
 */
const over = deriveCases('seed').filter(
  (c) =>
    c.classification.expect === 'refuse' &&
    c.classification.rules.some((r) => r.id === 'CK-ALIAS-LENGTH-INVALID') &&
    /\b256 characters/.test(c.label),
);

/** An SGR colour or weight sequence (ESC is built, not written, so the pattern holds no control character). */
const colour = new RegExp(`${String.fromCharCode(27)}\\[(3\\d|1|2)m`);

/** Runs the CLI under a pseudo-terminal (util-linux `script`), so that stdout is a TTY. */
function onTerminal(env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, cliPath, ...args, '--report-dir', tempDir('tty')]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm-256color', ...env },
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(1);
  return result.stdout;
}

describe('run output', () => {
  it('by default: a line per family and the summary, no vitest reporter, no stack, no colour in a log', async () => {
    const result = await runCli([...args, '--report-dir', tempDir('out')]);
    expect(result.code).toBe(1);
    expect(over.length).toBe(8);
    expect(result.stdout).toMatch(
      new RegExp(`^ {2}✗ alias +\\d+ checks, ${over.length} failed or in error`, 'm'),
    );
    expect(result.stdout).toMatch(/^ {2}✓ spec-usage-origin +\d+ checks/m);
    expect(result.stdout).toMatch(/FAIL {2}MUST {3}CK-ALIAS-LENGTH-INVALID/);
    expect(result.stdout).not.toMatch(/RUN {2}v\d|⎯⎯|AssertionError|\s+at \S+ \(/);
    expect(result.stdout).not.toMatch(colour);
  });

  it('--verbose: vitest reporter, every failure with its detail', async () => {
    const result = await runCli([...args, '--verbose', '--report-dir', tempDir('verbose')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/× CK-ALIAS-LENGTH-INVALID key_alias length: 256 characters/);
    for (const c of over) expect(result.stdout).toContain(`× CK-ALIAS-LENGTH-INVALID ${c.key}`);
    expect(result.stdout).toMatch(new RegExp(`Tests +${over.length} failed \\| 3 passed`));
    expect(result.stdout).not.toMatch(colour);
    expect(result.stdout).toContain('verdict: non-conformant');
  });

  it('colours on a terminal, and not with NO_COLOR', () => {
    const coloured = onTerminal({});
    expect(coloured).toMatch(colour);
    expect(coloured).toContain('non-conformant');
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain).not.toMatch(colour);
    expect(plain).toContain('verdict: non-conformant');
  }, 120_000);
});
