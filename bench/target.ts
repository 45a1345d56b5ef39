/**
 * A benchmark target in its own process, so the client's work does not share the server's thread.
 * `reference`: the embedded reference. `bare`: node:http that parses the same JSON body and answers a fixed 200.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReferenceServer } from '../src/reference/server.js';

const kind = process.argv[2];
// Exit through process.exit so profilers (--cpu-prof) can write their output.
process.on('SIGTERM', () => process.exit(0));
if (kind === 'reference') {
  const server = await startReferenceServer({ quota: 10_000_000 });
  process.stdout.write(
    `${JSON.stringify({ url: server.url, projectId: server.projectId, token: server.token })}\n`,
  );
} else if (kind === 'bare') {
  const reply = JSON.stringify({
    key_info: {
      key_id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
      domain_id: 'b168fe00ff56492495a7d22974df2d0b',
    },
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': Buffer.byteLength(reply),
      });
      res.end(reply);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(
      `${JSON.stringify({ url: `http://127.0.0.1:${port}`, projectId: '0'.repeat(32), token: 'bare' })}\n`,
    );
  });
} else {
  process.stderr.write(`bench/target.ts: expected "reference" or "bare", received ${JSON.stringify(kind)}\n`);
  process.exit(2);
}
