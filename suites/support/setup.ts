// Per suite file: count this file's requests for the report, then close its clients.
import { afterAll, expect } from 'vitest';
import { appendState } from '../../src/config/state.js';
import { allClients, closeClients, run } from './target.js';

afterAll(async () => {
  const clients = allClients();
  appendState(run.stateDir, 'requests', {
    file: expect.getState().testPath ?? '',
    requests: clients.reduce((n, c) => n + c.attempts, 0),
    retries: clients.reduce((n, c) => n + c.retried, 0),
  });
  await closeClients();
});
