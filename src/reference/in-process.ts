/**
 * The reference without a socket: served on the in-process wire (src/transport/in-process.ts) under a name of
 * its own, for runs whose target is `inproc://<name>`. What the wire does not carry (connections, header
 * casing, a half-read body) stays with the socket server; everything the behaviour decides is the same.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type InProcessRequest, serveInProcess } from '../transport/in-process.js';
import { answer } from './answer.js';
import type { Behaviour } from './behaviour.js';

export interface InProcessHost {
  readonly url: string;
  readonly requests: () => number;
  close(): void;
}

export function hostInProcess(behaviour: Behaviour): InProcessHost {
  const name = `kmsct-reference-${randomBytes(8).toString('hex')}`;
  let requests = 0;
  const close = serveInProcess(name, async (req: InProcessRequest) => {
    requests++;
    const body = Buffer.from(req.body);
    const reply = answer(behaviour, {
      method: req.method,
      target: req.target,
      scheme: 'http',
      headers: req.headers,
      body: body.length > behaviour.bodyLimit ? 'too-large' : body,
    });
    if (reply.delayMs) await sleep(reply.delayMs);
    return { status: reply.status, headers: reply.headers, text: reply.body };
  });
  return { url: `inproc://${name}`, requests: () => requests, close };
}
