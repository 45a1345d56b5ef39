/**
 * What the keys of the run must show (§3, §6, §7): the attributes they were created with, enabled keys, a
 * duplicate alias, refusals that leave no key, scheduled deletion. Distinct key_ids and one domain_id are
 * judged at the end of the run, over every key it made (src/judge/keys.ts).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { codeOf, notSettled } from '../src/catalogue/answers.js';
import { errorEnvelope } from '../src/catalogue/schemas.js';
import { refusal as refusalOf } from '../src/config/state.js';
import { skipped } from '../src/findings/skips.js';
import { deletionSteps, type Expected, pendingDaysRange, type Step } from '../src/judge/deletion.js';
import { duplicateAlias } from '../src/judge/keys.js';
import { keysSettleSlowly, leftBehind, type Refusal, sideEffectFindings } from '../src/judge/side-effects.js';
import { toEvidence } from '../src/transport/evidence.js';
import { listAll } from '../src/transport/list-keys.js';
import { settle } from '../src/transport/settle.js';
import { defineSuite } from './support/suite.js';

/** One refused case of each of these rules, and one without credentials: none may leave a key behind. */
const refusedRules = [
  'CK-SPEC-ENUM-INVALID',
  'CK-USAGE-ENUM-INVALID',
  'CK-DESC-LENGTH-INVALID',
  'CK-ORIGIN-ENUM-INVALID',
];

defineSuite('semantics', (s) => {
  s.planned('CK-DESCRIBE-ECHO');
  s.planned('CK-KEY-ENABLED');
  s.facts('CK-ALIAS-DUPLICATE', 'a second create under the alias of the first key', duplicateAlias);

  s.check(
    'CK-REJECT-NO-SIDE-EFFECT',
    'refused creates of four rules and one without credentials',
    async (c) => {
      const gap = s.capabilityGap(['list-keys']);
      if (gap) return c.skip(gap);
      const cases = refusedRules.flatMap(
        (id) =>
          s
            .derivedCases()
            .find(
              (d) =>
                d.classification.expect === 'refuse' &&
                d.classification.rules.some((r) => r.id === id) &&
                !d.raw,
            ) ?? [],
      );
      // This check looks its refusals up itself; the run's end looks up every other refusal of the run.
      const refusals: Refusal[] = [];
      const keep = (x: Awaited<ReturnType<typeof c.create>>) => {
        const alias = (JSON.parse(x.request.body) as { key_alias?: unknown }).key_alias;
        if (x.status >= 400 && typeof alias === 'string') refusals.push(refusalOf(alias, c.title, x));
      };
      for (const d of cases) keep(await c.sendCase(d, { refusalJudgedHere: true }));
      const anonymous = c.clientWith({ kind: 'none' });
      keep(
        await c.create(
          { key_alias: c.target.freshAlias('r') },
          { client: anonymous, refusalJudgedHere: true },
        ),
      );
      // Where new keys took time to show, a key a refusal wrongly made may take as long to show in list-keys.
      if (keysSettleSlowly(s.run.keys)) await sleep(s.run.limits.settleMs);
      const listed = await listAll(c.target.kms());
      if ('refused' in listed)
        return c.skip(skipped.capability('list-keys', `list-keys answered ${listed.refused.status}`));
      c.record(
        ...sideEffectFindings(c.name, refusals, leftBehind(listed.keys, refusals), toEvidence(listed.first)),
      );
    },
  );

  s.check(
    'CK-DELETION-SCHEDULE',
    'schedule, schedule again, cancel, cancel again, at both ends of the range',
    async (c) => {
      const key = s.firstKey();
      if (!key) return c.skip(skipped.other('the key phase made no key'));
      const key_id = key.keyId;
      const { min, max } = pendingDaysRange();
      const days = (n: number) => ({ key_id, pending_days: String(n) });
      const { exchange: below } = await settle(
        () => c.call('schedule-key-deletion', days(min - 1)),
        notSettled,
        s.run.limits.settleMs,
      );
      if (
        (below.status === 404 || below.status === 405) &&
        (!errorEnvelope(below.json) || codeOf(below) === 'KMS.0201')
      )
        return c.skip(skipped.capability('schedule-key-deletion', `it answered ${below.status}`));
      // One key through every step, in order: each answer is what the step before left the key in.
      const plan: readonly [string, string, unknown, Expected][] = [
        [`pending_days "${min - 1}"`, '', undefined, 'refused'],
        [`pending_days "${max + 1}"`, 'schedule-key-deletion', days(max + 1), 'refused'],
        [`pending_days "${min}"`, 'schedule-key-deletion', days(min), '4'],
        ['a second schedule of a key pending deletion', 'schedule-key-deletion', days(min), 'refused'],
        ['cancel-key-deletion', 'cancel-key-deletion', { key_id }, '3'],
        ['cancel-key-deletion of a key not pending deletion', 'cancel-key-deletion', { key_id }, 'refused'],
        [`pending_days "${max}"`, 'schedule-key-deletion', days(max), '4'],
        [`cancel-key-deletion after "${max}"`, 'cancel-key-deletion', { key_id }, '3'],
      ];
      const steps: Step[] = [];
      for (const [kase, operation, body, expected] of plan) {
        const x = operation === '' ? below : await c.call(operation, body);
        steps.push({ case: kase, seen: { answer: x, evidence: toEvidence(x) }, expected });
      }
      c.record(...deletionSteps(steps));
    },
  );
});
