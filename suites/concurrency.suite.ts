import { expect } from 'vitest';
import { reserveKeySlot } from '../src/config/state.js';
import { check, codeOf, observeChoice } from './support/checks.js';
import { create, freshAlias, run } from './support/target.js';

const n = run.limits.concurrency;

function reserve(count: number): boolean {
  for (let i = 0; i < count; i++) if (!reserveKeySlot(run.stateDir, run.limits.maxKeys)) return false;
  return true;
}

check(
  'CK-CONCURRENT-DISTINCT-IDS',
  `${n} parallel creates with ${n} aliases get ${n} distinct key_ids`,
  async (t) => {
    if (!reserve(n)) t.skip(`skipped: --max-keys leaves no room for ${n} keys`);
    const answers = await Promise.all(
      Array.from({ length: n }, () => create({ key_alias: freshAlias('c') })),
    );
    expect(
      answers.map((x) => x.status).filter((s) => s !== 200),
      'statuses other than 200',
    ).toEqual([]);
    const ids = new Set(answers.map((x) => (x.json as { key_info: { key_id: string } }).key_info.key_id));
    expect(ids.size, `Received ${ids.size} distinct key_ids for ${n} keys`).toBe(n);
  },
);

check('CK-CONCURRENT-ALIAS-ONCE', `${n} parallel creates of one alias create it at most once`, async (t) => {
  if (!reserve(1)) t.skip('skipped: --max-keys leaves no room for a key');
  const alias = freshAlias('a');
  const answers = await Promise.all(Array.from({ length: n }, () => create({ key_alias: alias })));
  const accepted = answers.filter((x) => x.status === 200).length;
  // Does the target reject duplicates at all? Ask once more, alone.
  const again = await create({ key_alias: alias });
  const rejectsDuplicates = again.status === 400;
  observeChoice(
    t,
    `${accepted} of ${n} parallel creates accepted; a later create of the alias: ${again.status} ${String(codeOf(again))}`,
  );
  if (rejectsDuplicates)
    expect(accepted, `Received ${accepted} × 200 for one alias from a target that rejects duplicates`).toBe(
      1,
    );
  else expect(accepted).toBeGreaterThanOrEqual(1);
});
