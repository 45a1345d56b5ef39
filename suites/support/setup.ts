// Per suite file: count this file's requests for the report, then close its clients.
import { afterAll, expect } from 'vitest';
import { appendState } from '../../src/config/state.js';
import { allClients, closeClients, run } from './target.js';

afterAll(async () => {
  const exchanges = allClients().flatMap((c) => c.exchanges());
  appendState(run.stateDir, 'requests', {
    file: expect.getState().testPath ?? '',
    requests: exchanges.reduce((n, x) => n + 1 + x.retries.length, 0),
    retries: exchanges.reduce((n, x) => n + x.retries.length, 0),
  });
  await closeClients();
});
