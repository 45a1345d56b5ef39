/**
 * What the key phase's creates say about the requirements that need a value accepted (or, for an open
 * reading, observed): one finding per item the plan gave the requirement. The key phase sent the creates;
 * here they are only read.
 */
import { documentedStatuses } from '../catalogue/answers.js';
import type { Edition } from '../catalogue/types.js';
import { type Finding, finding, type Judged, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import type { Evidence } from '../transport/evidence.js';
import type { CreateFact, KeyFact, KeyPhaseFacts, SendFact } from './facts.js';

/** A send's answer in a few words: "400 KMS.1101", or why none came. */
export const answerOf = (s: SendFact) =>
  s.status === 0 ? `no answer (${s.unanswered?.message ?? ''})` : `${s.status} ${s.code ?? ''}`.trim();

/** The first send (what was refused) and the last two (how the search ended). */
export function evidenceOf(facts: KeyPhaseFacts, sends: readonly number[]): Evidence[] {
  const all = sends.flatMap((i) => (facts.sends[i] ? [facts.sends[i].evidence] : []));
  return all.length <= 3 ? all : [all[0] as Evidence, ...all.slice(-2)];
}

type Outcome = Omit<Judged, 'evidence'> & { readonly evidence: readonly Evidence[] };

/** A refusal where the spec leaves refusal open: right when documented and enveloped. */
function openRefusal(s: SendFact, edition: Edition): Outcome {
  const evidence = [s.evidence];
  if (s.status === 200 && s.keyId)
    return {
      status: 'pass',
      message: 'answered with an earlier key',
      observation: `answered with the key of an earlier create (${s.keyId})`,
      evidence,
    };
  // A dropped connection is the target's answer (it fails "a documented answer"); a timeout or a stop of
  // ours leaves the question open.
  if (s.unanswered?.code === 'KMSCT_ERR_CONNECTION')
    return {
      status: 'fail',
      aspect: 'connection',
      message: `The target dropped the connection (${s.unanswered.message}); expected 200, or a documented 4xx with the error envelope`,
      observation: `connection dropped: ${s.unanswered.message}`,
      evidence,
    };
  if (s.unanswered)
    return {
      status: 'error',
      code: 'KMSCT_ERR_NO_ANSWER',
      message: s.unanswered.message,
      observation: `no answer: ${s.unanswered.message}`,
      evidence,
    };
  const documented = documentedStatuses[edition].includes(s.status) && s.status >= 400 && s.status < 500;
  const observation = `refused (${answerOf(s)})`;
  return documented && s.envelope === true
    ? { status: 'pass', message: 'refused', observation, evidence }
    : {
        status: 'fail',
        aspect: documented ? 'envelope' : 'status',
        message: `Received ${s.status} ${s.evidence.response.body.slice(0, 200)}; expected 200, or a documented 4xx with the error envelope`,
        observation,
        evidence,
      };
}

/** Accepted means 200: a key made with another success status (201) is an acceptance the spec does not document. */
function acceptedWith(facts: KeyPhaseFacts, key: KeyFact | undefined, open: boolean): Outcome {
  const send = key ? facts.sends[key.send] : undefined;
  const evidence = key ? evidenceOf(facts, [key.send]) : [];
  if (send && send.status !== 200)
    return {
      status: 'fail',
      aspect: 'status',
      message: `Received ${send.status} with a key; expected 200`,
      evidence,
    };
  return { status: 'pass', message: 'accepted', ...(open && { observation: 'accepted (200)' }), evidence };
}

function notServed(c: CreateFact): Outcome & { budgetCut?: boolean } {
  if (c.notSent?.budget)
    return {
      budgetCut: true,
      status: 'skip',
      skipKind: 'budget',
      message: skipped.budget(`${c.notSent.reason} before ${c.id} was sent`).reason,
      evidence: [],
    };
  return {
    status: 'error',
    code: 'KMSCT_ERR_KEY_PHASE',
    message: c.notSent
      ? `${c.id} was not sent: ${c.notSent.reason}`
      : `${c.id} was refused for another value, so this one could not be observed`,
    evidence: [],
  };
}

const acceptedKey = (facts: KeyPhaseFacts, create: string) =>
  facts.keys.find((k) => k.create === create && k.replayOf === undefined);

function facetOutcome(facts: KeyPhaseFacts, c: CreateFact, key: string, open: boolean, edition: Edition) {
  const refused = c.refused.find((r) => r.facet === key);
  if (refused) {
    const evidence = evidenceOf(facts, refused.sends);
    const first = facts.sends[refused.sends[0] ?? -1];
    if (open && first) return { ...openRefusal(first, edition), evidence };
    return {
      status: 'fail',
      aspect: 'status',
      message: `Refused a value that must be accepted: ${refused.foundBy}; first answer ${first ? answerOf(first) : '?'}`,
      evidence,
    } satisfies Outcome;
  }
  if (c.served.includes(key)) return acceptedWith(facts, acceptedKey(facts, c.id), open);
  const undetermined = c.undetermined.find((u) => u.facet === key);
  if (undetermined)
    return {
      status: 'error',
      code: 'KMSCT_ERR_ATTRIBUTION',
      message: `a create carrying it was refused and the search could not finish: ${undetermined.reason}`,
      evidence: [],
    } satisfies Outcome;
  return notServed(c);
}

/**
 * Items carried by facets and cells of the plan. A create the budget cut leaves its items unchecked only
 * where they were needed: depth (no group) and values another create of the same group checked are treated
 * as the planner treats what it had no room for, left out.
 */
function itemOutcomes(facts: KeyPhaseFacts, id: string, edition: Edition) {
  const out: {
    label: string;
    create: CreateFact;
    group: string | undefined;
    outcome: Outcome & { budgetCut?: boolean };
  }[] = [];
  for (const c of facts.creates) {
    for (const f of c.facets)
      for (const item of f.items.filter((i) => i.requirement === id))
        out.push({
          label: item.label,
          create: c,
          group: item.group,
          outcome: facetOutcome(facts, c, f.key, f.open, edition),
        });
    for (const item of c.cellItems.filter((i) => i.requirement === id && !i.described)) {
      const cellIntact = c.facets
        .filter((f) => f.slot === 'key_spec' || f.slot === 'key_usage' || f.slot === 'origin')
        .every((f) => f.open || c.served.includes(f.key));
      const key = acceptedKey(facts, c.id);
      out.push({
        label: item.label,
        create: c,
        group: item.group,
        outcome: key && cellIntact ? acceptedWith(facts, key, false) : notServed(c),
      });
    }
  }
  const checked = new Set(out.filter((o) => o.outcome.status !== 'skip').map((o) => o.group));
  return out.filter((o) => !(o.outcome.budgetCut && (o.group === undefined || checked.has(o.group))));
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

function describedOutcome(facts: KeyPhaseFacts, k: KeyFact, id: string): Outcome {
  const created = evidenceOf(facts, [k.send]);
  const d = k.described;
  if (!d)
    return {
      status: 'error',
      code: 'KMSCT_ERR_KEY_PHASE',
      message: 'the key was never described',
      evidence: created,
    };
  if (d.kind === 'unanswered')
    return { status: 'error', code: 'KMSCT_ERR_NO_ANSWER', message: d.unanswered.message, evidence: created };
  if (d.kind === 'refused')
    return id === 'CK-DESCRIBE-ECHO'
      ? {
          status: 'fail',
          aspect: 'status',
          message: `describe-key of the key the create returned answered ${d.answer}`,
          evidence: [...created, d.evidence],
        }
      : {
          status: 'error',
          code: 'KMSCT_ERR_KEY_PHASE',
          message: `describe-key of the key answered ${d.answer}: its attributes could not be read`,
          evidence: [...created, d.evidence],
        };
  const wrong = d.mismatches.filter((m) => m.id === id);
  return wrong.length === 0
    ? { status: 'pass', message: 'describe-key shows it', evidence: [] }
    : {
        status: 'fail',
        aspect: wrong.map((m) => m.attribute).join(','),
        message: wrong
          .map((m) => `${m.attribute}: expected ${m.expected}, received ${JSON.stringify(m.received)}`)
          .join('; '),
        evidence: [...created, d.evidence],
      };
}

function describedOutcomes(facts: KeyPhaseFacts, id: string) {
  const applies = perKey[id];
  if (!applies || !facts.describeOffered) return [];
  return facts.keys
    .filter((k) => k.replayOf === undefined && applies(k.body))
    .map((k) => {
      const create = facts.creates.find((c) => c.id === k.create);
      return { label: `key of ${create?.label ?? k.create}`, outcome: describedOutcome(facts, k, id) };
    });
}

/** Why a requirement has no item at all: the plan left it out for the budget, or nothing could serve it. */
export interface Gaps {
  /** An operation the target lacks, or credentials the run lacks, that the requirement needs. */
  readonly capability?: { readonly kind: 'capability'; readonly reason: string };
}

/** Everything the key phase says about a requirement, one finding per case; a skip when nothing does. */
export function plannedFindings(
  facts: KeyPhaseFacts,
  id: string,
  edition: Edition,
  gaps: Gaps = {},
): Finding[] {
  const items = itemOutcomes(facts, id, edition);
  const labels = items.map((o) => o.label);
  const named = items.map((o) => ({
    // The same value on two creates (an enum value in two cells): the create tells them apart.
    label:
      labels.indexOf(o.label) === labels.lastIndexOf(o.label) ? o.label : `${o.label} [${o.create.label}]`,
    outcome: o.outcome,
  }));
  const all = [...named, ...describedOutcomes(facts, id)];
  if (all.length === 0) {
    const unplanned = facts.unplanned.find((u) => u.item.requirement === id)?.reason;
    const why =
      gaps.capability ??
      (unplanned ? skipped.budget(unplanned) : skipped.other('no key of the key phase can serve it'));
    return [skip(id, 'needs a key', why)];
  }
  const findings = all.map(({ label, outcome }) => {
    const { budgetCut: _, ...judged } = outcome as Outcome & { budgetCut?: boolean };
    return finding(id, label, judged);
  });
  // A value the requirement needs (a key spec, a boundary) that the budget left out: checked only in part.
  for (const u of facts.unplanned.filter((u) => u.item.requirement === id && u.item.group !== undefined))
    findings.push(skip(id, u.item.label, skipped.budget(u.reason)));
  return findings;
}
