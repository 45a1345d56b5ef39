/**
 * A benchmark target in its own process, so the client's work does not share the server's CPU.
 * - `reference`: the embedded reference;
 * - `fastify`: Fastify 5 with the seed request schema (ajv, draft 2020-12) on the body and a response schema,
 *   the token checked, a key made with randomUUID and kept in a Map by id and by alias;
 * - `bare`: node:http that parses the JSON body and answers a fresh randomUUID key.
 * Prints one JSON line: url, projectId, token, pid; on SIGUSR2, one more: its heap after a collection.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The reference as users run it: the build (npm run build), not the sources through tsx, whose
// transform adds work of its own to every request.
const { startReferenceServer } = (await import(
  new URL('../dist/src/reference/server.js', import.meta.url).href
)) as typeof import('../src/reference/server.js');

const kind = process.argv[2];
const quota = Number(process.argv[3] ?? 10_000_000);
const projectId = '0'.repeat(32);
const token = 'bench-token';
const domainId = 'b168fe00ff56492495a7d22974df2d0b';
const announce = (url: string, project = projectId, secret = token) =>
  process.stdout.write(`${JSON.stringify({ url, projectId: project, token: secret, pid: process.pid })}\n`);
// Exit through process.exit so profilers (--cpu-prof) can write their output.
process.on('SIGTERM', () => process.exit(0));
// The scale benchmark asks for the heap after a full collection (started with --expose-gc).
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ heapUsed, rss })}\n`);
});

const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

if (kind === 'reference') {
  const server = await startReferenceServer({ quota });
  announce(server.url, server.projectId, server.token);
} else if (kind === 'fastify') {
  // Loaded here only: the other targets' processes stay as lean as they are in use.
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: Fastify } = await import('fastify');
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  ajv.addSchema(schema('common.schema.json'), 'common.schema.json');
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.setValidatorCompiler(({ schema: s }) => ajv.compile(s));
  const byId = new Map<string, { alias: string; spec: string }>();
  const byAlias = new Map<string, string>();
  app.post<{ Params: { project: string }; Body: { key_alias: string; key_spec?: string } }>(
    '/v1.0/:project/kms/create-key',
    {
      schema: {
        body: schema('create-key-request.seed.schema.json'),
        response: {
          200: {
            type: 'object',
            properties: {
              key_info: {
                type: 'object',
                properties: { key_id: { type: 'string' }, domain_id: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      if (req.params.project !== projectId || req.headers['x-auth-token'] !== token)
        return reply.code(401).send({ error: { error_code: 'KMS.0302', error_msg: 'unauthorized' } });
      if (byAlias.has(req.body.key_alias))
        return reply.code(400).send({ error: { error_code: 'KMS.1104', error_msg: 'alias exists' } });
      const keyId = randomUUID();
      byId.set(keyId, { alias: req.body.key_alias, spec: req.body.key_spec ?? 'AES_256' });
      byAlias.set(req.body.key_alias, keyId);
      return { key_info: { key_id: keyId, domain_id: domainId } };
    },
  );
  announce(await app.listen({ host: '127.0.0.1', port: 0 }));
} else if (kind === 'bare') {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const reply = JSON.stringify({ key_info: { key_id: randomUUID(), domain_id: domainId } });
      res.writeHead(200, {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': Buffer.byteLength(reply),
      });
      res.end(reply);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    announce(`http://127.0.0.1:${port}`);
  });
} else {
  process.stderr.write(
    `bench/target.ts: expected "reference", "fastify" or "bare", received ${JSON.stringify(kind)}\n`,
  );
  process.exit(2);
}
