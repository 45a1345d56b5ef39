/**
 * Rules about the keys a run made, together (§3, §7): distinct key_ids, one domain_id per account, creates in
 * parallel, one alias created at most once, a second create under an alias in use.
 */
import { error, type Finding, fail, pass, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import type { Evidence } from '../transport/evidence.js';
import type { KeyPhaseFacts, SendFact } from './facts.js';
import { answerOf } from './planned.js';

/** A key the run made, as its state folder records it: by the key phase, or by a check. */
export interface MadeKey {
  readonly keyId: string;
  readonly alias: string;
  readonly domainId: string;
  /** Where it was made: "key phase: P3", a check's title. */
  readonly test: string;
  /** The request's sequence, if any: a replay of one sequence may return one key (§7). */
  readonly sequence?: string;
  readonly evidence?: Evidence;
}

const evidenceOfKeys = (keys: readonly MadeKey[]) => keys.flatMap((k) => (k.evidence ? [k.evidence] : []));

/** CK-KEY-ID-UNIQUE: no key_id returned for two creates, unless both replayed one sequence. */
export function keyIdsUnique(keys: readonly MadeKey[]): Finding[] {
  const id = 'CK-KEY-ID-UNIQUE';
  const kase = 'the keys of the run';
  const byId = new Map<string, MadeKey[]>();
  for (const k of keys) byId.set(k.keyId, [...(byId.get(k.keyId) ?? []), k]);
  if (keys.length < 2)
    return [skip(id, kase, skipped.other('fewer than two keys were made: nothing to compare'))];
  const reused = [...byId].filter(([, same]) => {
    const sequence = same[0]?.sequence;
    return same.length > 1 && !(sequence !== undefined && same.every((k) => k.sequence === sequence));
  });
  if (reused.length === 0) return [pass(id, kase, `${keys.length} creates, ${byId.size} distinct key_ids`)];
  return reused.map(([keyId, same]) =>
    fail(
      id,
      kase,
      'key_id',
      `key_id ${keyId} was returned for ${same.length} creates (${same
        .map((k) => k.test)
        .slice(0, 3)
        .join('; ')})`,
      evidenceOfKeys(same).slice(0, 3),
    ),
  );
}

/** CK-DOMAIN-ID-STABLE: one set of credentials, one domain_id. */
export function domainIdStable(keys: readonly MadeKey[]): Finding[] {
  const id = 'CK-DOMAIN-ID-STABLE';
  const kase = 'the keys of the run';
  const named = keys.filter((k) => k.domainId !== '');
  const domains = [...new Set(named.map((k) => k.domainId))];
  if (named.length < 2) return [skip(id, kase, skipped.other('fewer than two keys named a domain_id'))];
  if (domains.length === 1) return [pass(id, kase, `${named.length} keys, one domain_id`)];
  const firstOf = domains.slice(0, 2).map((d) => named.find((k) => k.domainId === d) as MadeKey);
  return [
    fail(
      id,
      kase,
      'domain_id',
      `Received ${domains.length} domain_ids for one set of credentials: ${domains.slice(0, 3).join(', ')}`,
      evidenceOfKeys(firstOf),
    ),
  ];
}

/** Why a key-phase rule has nothing to judge: the plan's reason when it left the rule out. */
function notObserved(facts: KeyPhaseFacts, id: string, kase: string, what: string): Finding {
  const unplanned = facts.unplanned.find((u) => u.item.requirement === id)?.reason;
  return skip(id, kase, unplanned ? skipped.budget(unplanned) : skipped.other(what));
}

/** CK-CONCURRENT-DISTINCT-IDS: the keys of each parallel batch have distinct key_ids. */
export function distinctInParallel(facts: KeyPhaseFacts): Finding[] {
  const id = 'CK-CONCURRENT-DISTINCT-IDS';
  const groups = new Map<string, SendFact[]>();
  for (const s of facts.sends)
    if (s.group?.startsWith('batch') && s.status === 200 && s.keyId)
      groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const judged = [...groups]
    .filter(([, sends]) => sends.length >= 2)
    .map(([group, sends]) => {
      const kase = `creates in parallel (${group})`;
      const ids = new Set(sends.map((s) => s.keyId));
      return ids.size === sends.length
        ? pass(id, kase, `${sends.length} keys created at once, distinct key_ids`)
        : fail(
            id,
            kase,
            'key_id',
            `Received ${ids.size} distinct key_ids for ${sends.length} keys created in parallel`,
            sends.slice(0, 3).map((s) => s.evidence),
          );
    });
  return judged.length > 0
    ? judged
    : [notObserved(facts, id, 'creates in parallel', 'the key phase accepted no two creates sent at once')];
}

/** CK-ALIAS-DUPLICATE: a second create under the alias of the first key (an open reading: recorded). */
export function duplicateAlias(facts: KeyPhaseFacts): Finding[] {
  const id = 'CK-ALIAS-DUPLICATE';
  const kase = 'a second create under the alias of the first key';
  const d = facts.duplicate;
  const s = d && facts.sends[d.send];
  if (!d || !s) return [notObserved(facts, id, kase, 'the key phase sent no duplicate-alias probe')];
  if (s.status === 200)
    return [
      fail(
        id,
        kase,
        'status',
        `Received 200: a second key with the alias of ${facts.keys[0]?.create ?? 'the first key'}; expected 400 (the real service answers KMS.1104)`,
        [s.evidence],
        { observation: 'accepted (200)' },
      ),
    ];
  if (s.unanswered) return [error(id, kase, 'KMSCT_ERR_NO_ANSWER', s.unanswered.message, [s.evidence])];
  if (!d.conclusive)
    return [
      error(
        id,
        kase,
        'KMSCT_ERR_KEY_PHASE',
        'the probe carried a value the target refused for another reason, so its refusal says nothing about the alias',
        [s.evidence],
      ),
    ];
  const observation = `refused (${answerOf(s)})`;
  return s.status === 400 && s.envelope === true
    ? [pass(id, kase, 'refused', { observation })]
    : [
        fail(
          id,
          kase,
          s.status === 400 ? 'envelope' : 'status',
          `Received ${answerOf(s)}; expected 400 with the error envelope`,
          [s.evidence],
          {
            observation,
          },
        ),
      ];
}

/** CK-CONCURRENT-ALIAS-ONCE: one alias sent several times at once makes one key (where duplicates are refused). */
export function aliasOnce(facts: KeyPhaseFacts): Finding[] {
  const id = 'CK-CONCURRENT-ALIAS-ONCE';
  const kase = 'creates of one alias at once';
  const race = facts.race;
  if (!race) return [notObserved(facts, id, kase, 'the key phase sent no race')];
  const sends = race.sends.map((i) => facts.sends[i]).filter((s): s is SendFact => s !== undefined);
  // The copies of the send that was accepted (a refused create is searched with copies too).
  const whyOf = (s: SendFact) => s.why.replace(/ \(copy \d+\/\d+\)$/, '');
  const winning = sends.filter((s) => s.status === 200).map(whyOf)[0];
  const copies = sends.filter((s) => whyOf(s) === winning);
  const accepted = copies.filter((s) => s.status === 200).length;
  const dup = facts.duplicate && facts.sends[facts.duplicate.send];
  if (dup?.status === 200)
    return [
      pass(id, kase, 'the target accepts duplicate aliases', {
        observation: `${accepted} of ${race.parallel} accepted; the target accepts duplicate aliases`,
      }),
    ];
  if (accepted === 1)
    return [pass(id, kase, 'created once', { observation: `1 of ${race.parallel} accepted` })];
  if (accepted === 0)
    return [
      error(
        id,
        kase,
        'KMSCT_ERR_KEY_PHASE',
        'none of the copies was accepted',
        copies.slice(0, 3).map((s) => s.evidence),
      ),
    ];
  return [
    fail(
      id,
      kase,
      'status',
      `Received ${accepted} × 200 for one alias from a target that rejects duplicate aliases`,
      copies.slice(0, 3).map((s) => s.evidence),
    ),
  ];
}
