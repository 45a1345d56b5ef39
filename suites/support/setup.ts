// Per suite file: write its refused aliases and count its requests for the report, then close its clients.
import { afterAll, expect } from 'vitest';
import { appendState } from '../../src/config/state.js';
import { allClients, closeClients, flushRefused, run } from './target.js';

afterAll(async () => {
  flushRefused();
  const clients = allClients();
  appendState(run.stateDir, 'requests', {
    file: expect.getState().testPath ?? '',
    requests: clients.reduce((n, c) => n + c.attempts, 0),
    retries: clients.reduce((n, c) => n + c.retried, 0),
  });
  await closeClients();
});
