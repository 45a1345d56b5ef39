import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { KmsClient } from '../../src/transport/client.js';
import { exited, runCli, startCli } from '../support/spawn.js';

describe('kms-conformance serve', () => {
  it('prints generated values and one "listening" line, serves create-key, and closes on SIGTERM with exit 0', async () => {
    const { child, match, output } = await startCli(
      ['serve', '--port', '0', '--seed', '3'],
      /listening (http:\/\/127\.0\.0\.1:\d+)\n/,
    );
    const token = /token ([^\s,]+)/.exec(output())?.[1] ?? '';
    const projectId = /project-id ([0-9a-f]{32})/.exec(output())?.[1] ?? '';
    const client = new KmsClient({ baseUrl: match[1] ?? '', projectId, auth: { kind: 'token', token } });
    try {
      const res = await client.call('create-key', { key_alias: 'cli' });
      expect(res.status).toBe(200);
    } finally {
      await client.close();
    }
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('closed');
  });

  it('never echoes a token or SK that was given', async () => {
    const { child, output } = await startCli(
      [
        'serve',
        '--token',
        'given-token-4f1c',
        '--ak',
        'AKGIVEN',
        '--sk',
        'given-sk-99ab',
        '--project-id',
        'a'.repeat(32),
      ],
      /listening http:\/\/\S+\n/,
    );
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output()).not.toContain('given-token-4f1c');
    expect(output()).not.toContain('given-sk-99ab');
    expect(output()).not.toMatch(/generated: .*token/);
  });

  it('refuses a port in use with exit 2 and the reason', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as AddressInfo;
    try {
      const result = await runCli(['serve', '--port', String(port)], { timeoutMs: 20_000 });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it.each([
    [['--port', '70000'], '--port must be an integer from 0 to 65535, but received "70000"'],
    [['--project-id', 'XYZ'], '--project-id must be 32 lowercase hex characters, but received "XYZ"'],
    [['--edition', 'latest'], '--edition must be one of seed, current, but received "latest"'],
    [['--ak', 'A'], '--sk must be given together with --ak'],
    [['--fault', 'nope'], '--fault must be one of'],
    [['--tls-cert', '/nonexistent', '--tls-key', '/nonexistent'], '--tls-cert must be a readable file'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit 2 and a clear message', async (args, message) => {
    const result = await runCli(['serve', ...args], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
