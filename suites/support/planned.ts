/**
 * Judgments over the key phase's facts: each requirement that needs a key gets one outcome per item the plan
 * gave it (a value accepted, a default shown, a refusal observed), with the exchanges as evidence.
 */

import type { CreateFact, KeyFact, KeyPhaseFacts, SendFact } from '../../src/config/key-facts.js';
import { skipped } from '../../src/config/skips.js';
import { documentedStatuses } from '../../src/spec/answer-rules.js';
import { errorEnvelope } from '../../src/spec/schemas.js';
import type { Edition } from '../../src/spec/types.js';
import type { Evidence } from '../../src/transport/evidence.js';

export type ItemStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface ItemOutcome {
  readonly label: string;
  readonly status: ItemStatus;
  readonly message: string;
  /** For open readings: what the target chose. */
  readonly observation?: string;
  readonly evidence: readonly Evidence[];
  /** Not sent: the budget ran out before its create. */
  readonly budgetCut?: boolean;
}

const answer = (s: SendFact) =>
  s.status === 0 ? `no answer (${s.error})` : `${s.status} ${s.code ?? ''}`.trim();
/** The first send (what was refused) and the last two (how the search ended). */
const evidenceOf = (facts: KeyPhaseFacts, sends: readonly number[]) => {
  const all = sends.flatMap((i) => (facts.sends[i] ? [facts.sends[i].evidence] : []));
  return all.length <= 3 ? all : [all[0] as Evidence, ...all.slice(-2)];
};
const acceptedSend = (facts: KeyPhaseFacts, create: string) =>
  facts.keys.find((k) => k.create === create && k.replayOf === undefined);

/** A refusal where the spec leaves refusal open: right when documented and enveloped. */
function openRefusal(
  s: SendFact,
  edition: Edition,
): { status: ItemStatus; message: string; observation: string } {
  if (s.status === 200 && s.keyId)
    return {
      status: 'pass',
      message: 'answered with an earlier key',
      observation: `answered with the key of an earlier create (${s.keyId})`,
    };
  // A dropped connection is the target's answer (it fails "a documented answer"); a timeout or a stop of
  // ours leaves the question open.
  if (s.status === 0 && s.error?.startsWith('KMSCT_ERR_CONNECTION'))
    return {
      status: 'fail',
      message: `The target dropped the connection (${s.error}); expected 200, or a documented 4xx with the error envelope`,
      observation: `connection dropped: ${s.error}`,
    };
  if (s.status === 0)
    return {
      status: 'error',
      message: `KMSCT_ERR_NO_ANSWER: ${s.error ?? ''}`,
      observation: `no answer: ${s.error ?? ''}`,
    };
  const documented = documentedStatuses[edition].includes(s.status) && s.status >= 400 && s.status < 500;
  const ok = documented && errorEnvelope(safeJson(s.evidence.response.body));
  return {
    status: ok ? 'pass' : 'fail',
    message: ok
      ? 'refused'
      : `Received ${s.status} ${s.evidence.response.body.slice(0, 200)}; expected 200, or a documented 4xx with the error envelope`,
    observation: `refused (${answer(s)})`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Items carried by facets and cells of the plan. A create the budget cut leaves its items unchecked only
 * where they were needed: depth (no group) and values another create of the same group checked are
 * treated as the planner treats what it had no room for, left out.
 */
function facetOutcomes(facts: KeyPhaseFacts, id: string, edition: Edition): ItemOutcome[] {
  const out: (ItemOutcome & { group?: string | undefined })[] = [];
  for (const c of facts.creates) {
    for (const f of c.facets) {
      for (const item of f.items.filter((i) => i.requirement === id)) {
        const label = c.attempt ? item.label : `${item.label} (${c.id})`;
        out.push({ ...facetOutcome(facts, c, f.key, f.open, label, edition), group: item.group });
      }
    }
    for (const item of c.cellItems.filter((i) => i.requirement === id && !i.described)) {
      const key = acceptedSend(facts, c.id);
      const cellIntact = c.facets
        .filter((f) => f.slot === 'key_spec' || f.slot === 'key_usage' || f.slot === 'origin')
        .every((f) => f.open || c.served.includes(f.key));
      out.push({
        ...(key && cellIntact
          ? { label: `${item.label} (${c.id})`, ...acceptedWith(facts, key, false) }
          : notServed(c, `${item.label} (${c.id})`)),
        group: item.group,
      });
    }
  }
  const checked = new Set(out.filter((o) => o.status !== 'skip').map((o) => o.group));
  return out
    .filter((o) => !(o.budgetCut && (o.group === undefined || checked.has(o.group))))
    .map(({ group: _, budgetCut: __, ...o }) => o);
}

function facetOutcome(
  facts: KeyPhaseFacts,
  c: CreateFact,
  key: string,
  open: boolean,
  label: string,
  edition: Edition,
): ItemOutcome {
  const refused = c.refused.find((r) => r.facet === key);
  if (refused) {
    const evidence = evidenceOf(facts, refused.sends);
    const first = facts.sends[refused.sends[0] ?? -1];
    if (open && first) return { label, evidence, ...openRefusal(first, edition) };
    return {
      label,
      status: 'fail',
      message: `Refused a value that must be accepted: ${refused.foundBy}; first answer ${first ? answer(first) : '?'}`,
      evidence,
    };
  }
  if (c.served.includes(key)) {
    const k = facts.keys.find((x) => x.create === c.id && x.replayOf === undefined);
    return { label, ...acceptedWith(facts, k, open) };
  }
  const undetermined = c.undetermined.find((u) => u.facet === key);
  if (undetermined)
    return {
      label,
      status: 'error',
      message: `KMSCT_ERR_ATTRIBUTION: a create carrying it was refused and the search could not finish: ${undetermined.reason}`,
      evidence: [],
    };
  return notServed(c, label);
}

/** Accepted means 200: a key made with another success status (201) is an acceptance the spec does not document. */
function acceptedWith(
  facts: KeyPhaseFacts,
  key: KeyFact | undefined,
  open: boolean,
): Omit<ItemOutcome, 'label'> {
  const send = key ? facts.sends[key.send] : undefined;
  const evidence = key ? evidenceOf(facts, [key.send]) : [];
  if (send && send.status !== 200)
    return { status: 'fail', message: `Received ${send.status} with a key; expected 200`, evidence };
  return { status: 'pass', message: 'accepted', ...(open && { observation: 'accepted (200)' }), evidence };
}

function notServed(c: CreateFact, label: string): ItemOutcome {
  if (c.notSent?.startsWith('--max-keys'))
    return {
      label,
      budgetCut: true,
      status: 'skip',
      message: skipped.budget(`${c.notSent} before ${c.id} was sent`),
      evidence: [],
    };
  if (c.notSent)
    return {
      label,
      status: 'error',
      message: `KMSCT_ERR_KEY_PHASE: ${c.id} was not sent: ${c.notSent}`,
      evidence: [],
    };
  return {
    label,
    status: 'error',
    message: `KMSCT_ERR_KEY_PHASE: ${c.id} was refused for another value, so this one could not be observed`,
    evidence: [],
  };
}

/** The requirements judged on every key through describe-key, and when each applies to a key. */
const perKey: Readonly<Record<string, (body: Readonly<Record<string, unknown>>) => boolean>> = {
  'CK-DESCRIBE-ECHO': () => true,
  'CK-SPEC-DEFAULT': (b) => b.key_spec === undefined,
  'CK-USAGE-DEFAULT': (b) => b.key_usage === undefined,
  'CK-ORIGIN-DEFAULT': (b) => b.origin === undefined,
  'CK-ORIGIN-EXTERNAL-STATE': (b) => b.origin === 'external',
  'CK-KEY-ENABLED': (b) => b.origin !== 'external',
  'CK-NULL-OPTIONAL': (b) => Object.values(b).includes(null),
};

function describedOutcomes(facts: KeyPhaseFacts, id: string): ItemOutcome[] {
  const applies = perKey[id];
  if (!applies || !facts.describeOffered) return [];
  return facts.keys
    .filter((k) => k.replayOf === undefined && applies(k.body))
    .map((k) => describedOutcome(facts, k, id));
}

function describedOutcome(facts: KeyPhaseFacts, k: KeyFact, id: string): ItemOutcome {
  const label = `key of ${k.create} (${String(k.body.key_alias).slice(0, 40)})`;
  const created = evidenceOf(facts, [k.send]);
  const d = k.described;
  if (!d)
    return {
      label,
      status: 'error',
      message: 'KMSCT_ERR_KEY_PHASE: the key was never described',
      evidence: created,
    };
  if ('error' in d) {
    const answered = d.evidence !== undefined;
    return {
      label,
      status: answered && id === 'CK-DESCRIBE-ECHO' ? 'fail' : 'error',
      message: answered
        ? `describe-key of the key the create returned: ${d.error}`
        : `KMSCT_ERR_NO_ANSWER: ${d.error}`,
      evidence: [...created, ...(d.evidence ? [d.evidence] : [])],
    };
  }
  const wrong = d.mismatches.filter((m) => m.id === id);
  return wrong.length === 0
    ? { label, status: 'pass', message: 'describe-key shows it', evidence: [d.evidence] }
    : {
        label,
        status: 'fail',
        message: wrong
          .map((m) => `${m.attribute}: expected ${m.expected}, received ${JSON.stringify(m.received)}`)
          .join('; '),
        evidence: [...created, d.evidence],
      };
}

/** Everything the key phase says about a requirement: planned items, described keys, semantic checks. */
export function outcomesFor(facts: KeyPhaseFacts, id: string, edition: Edition): ItemOutcome[] {
  return [
    ...facetOutcomes(facts, id, edition),
    ...describedOutcomes(facts, id),
    ...semanticOutcomes(facts, id),
  ];
}

/** Why a requirement has no item: the plan's reason, when it has one. */
export function unplannedReason(facts: KeyPhaseFacts, id: string): string | undefined {
  return facts.unplanned.find((u) => u.item.requirement === id)?.reason;
}

const keysOf = (facts: KeyPhaseFacts) => facts.keys.filter((k) => k.replayOf === undefined);

function semanticOutcomes(facts: KeyPhaseFacts, id: string): ItemOutcome[] {
  switch (id) {
    case 'CK-KEY-ID-UNIQUE': {
      const keys = keysOf(facts);
      if (keys.length < 2) return [];
      const seen = new Map<string, KeyFact>();
      for (const k of keys) {
        const first = seen.get(k.keyId);
        if (first)
          return [
            {
              label: `${keys.length} keys of the key phase`,
              status: 'fail',
              message: `key_id ${k.keyId} was returned for ${first.create} and ${k.create}`,
              evidence: evidenceOf(facts, [first.send, k.send]),
            },
          ];
        seen.set(k.keyId, k);
      }
      return [
        { label: `${keys.length} keys of the key phase`, status: 'pass', message: 'distinct', evidence: [] },
      ];
    }
    case 'CK-DOMAIN-ID-STABLE': {
      const keys = keysOf(facts);
      const domains = [...new Set(keys.map((k) => k.domainId))];
      if (keys.length < 2) return [];
      return [
        domains.length === 1
          ? {
              label: `${keys.length} keys of the key phase`,
              status: 'pass',
              message: 'one domain_id',
              evidence: [],
            }
          : {
              label: `${keys.length} keys of the key phase`,
              status: 'fail',
              message: `Received ${domains.length} domain_ids for one set of credentials: ${domains.slice(0, 3).join(', ')}`,
              evidence: evidenceOf(
                facts,
                keys.slice(0, 2).map((k) => k.send),
              ),
            },
      ];
    }
    case 'CK-CONCURRENT-DISTINCT-IDS':
      return distinctInParallel(facts);
    case 'CK-ALIAS-DUPLICATE':
      return duplicateOutcome(facts);
    case 'CK-CONCURRENT-ALIAS-ONCE':
      return raceOutcome(facts);
    default:
      return [];
  }
}

function distinctInParallel(facts: KeyPhaseFacts): ItemOutcome[] {
  const groups = new Map<string, SendFact[]>();
  for (const s of facts.sends)
    if (s.group?.startsWith('batch') && s.status === 200 && s.keyId)
      groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return [...groups]
    .filter(([, sends]) => sends.length >= 2)
    .map(([group, sends]) => {
      const ids = new Set(sends.map((s) => s.keyId));
      return ids.size === sends.length
        ? {
            label: `${sends.length} creates in parallel (${group})`,
            status: 'pass' as const,
            message: 'distinct key_ids',
            evidence: [],
          }
        : {
            label: `${sends.length} creates in parallel (${group})`,
            status: 'fail' as const,
            message: `Received ${ids.size} distinct key_ids for ${sends.length} keys created in parallel`,
            evidence: sends.slice(0, 3).map((s) => s.evidence),
          };
    });
}

function duplicateOutcome(facts: KeyPhaseFacts): ItemOutcome[] {
  const d = facts.duplicate;
  const s = d && facts.sends[d.send];
  if (!d || !s) return [];
  const label = 'a second create under the alias of the first key';
  if (s.status === 200)
    return [
      {
        label,
        status: 'fail',
        message: `Received 200: a second key with the alias of ${facts.keys[0]?.create ?? 'the first key'}; expected 400 (the real service answers KMS.1104)`,
        observation: 'accepted (200)',
        evidence: [s.evidence],
      },
    ];
  if (s.status === 0)
    return [
      { label, status: 'error', message: `KMSCT_ERR_NO_ANSWER: ${s.error ?? ''}`, evidence: [s.evidence] },
    ];
  if (!d.conclusive)
    return [
      {
        label,
        status: 'error',
        message:
          'KMSCT_ERR_KEY_PHASE: the probe carried a value the target refused for another reason, so its refusal says nothing about the alias',
        evidence: [s.evidence],
      },
    ];
  const ok = s.status === 400 && errorEnvelope(safeJson(s.evidence.response.body));
  return [
    {
      label,
      status: ok ? 'pass' : 'fail',
      message: ok ? 'refused' : `Received ${answer(s)}; expected 400 with the error envelope`,
      observation: `refused (${answer(s)})`,
      evidence: [s.evidence],
    },
  ];
}

function raceOutcome(facts: KeyPhaseFacts): ItemOutcome[] {
  const race = facts.race;
  if (!race) return [];
  const sends = race.sends.map((i) => facts.sends[i]).filter((s): s is SendFact => s !== undefined);
  // The copies of the send that was accepted (a refused create is searched with copies too).
  const whyOf = (s: SendFact) => s.why.replace(/ \(copy \d+\/\d+\)$/, '');
  const winning = sends.filter((s) => s.status === 200).map(whyOf)[0];
  const copies = sends.filter((s) => whyOf(s) === winning);
  const accepted = copies.filter((s) => s.status === 200).length;
  const label = `${race.parallel} creates of one alias at once`;
  const dup = facts.duplicate && facts.sends[facts.duplicate.send];
  if (dup?.status === 200)
    return [
      {
        label,
        status: 'pass',
        message: 'the target accepts duplicate aliases',
        observation: `${accepted} of ${race.parallel} accepted; the target accepts duplicate aliases`,
        evidence: [],
      },
    ];
  return [
    accepted === 1
      ? {
          label,
          status: 'pass',
          message: 'created once',
          observation: `1 of ${race.parallel} accepted`,
          evidence: [],
        }
      : {
          label,
          status: accepted === 0 ? 'error' : 'fail',
          message:
            accepted === 0
              ? 'KMSCT_ERR_KEY_PHASE: none of the copies was accepted'
              : `Received ${accepted} × 200 for one alias from a target that rejects duplicate aliases`,
          evidence: copies.slice(0, 3).map((s) => s.evidence),
        },
  ];
}
