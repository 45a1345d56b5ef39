import { expect, it } from 'vitest';
import { fuzzReference } from '../../scripts/fuzz-reference.js';

it('20,000 seeded raw requests, 16 in flight: every one answered, none with a 5xx', async () => {
  const result = await fuzzReference({ count: 20_000, seed: 20261129 });
  expect(result.sent).toBe(20_000);
  expect(result.bad).toEqual([]);
  // The fuzz reaches the handler, not only the HTTP parser: refusals of every kind come back.
  for (const status of ['400', '403', '404', '405'])
    expect(result.statuses[status] ?? 0).toBeGreaterThan(100);
}, 120_000);
