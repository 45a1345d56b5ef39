/**
 * The key phase: runs before the suites and makes every key the run needs, by the plan. The bare create
 * first; a second create under its alias (the duplicate probe); one create sent several times at once under
 * one alias (the race); the rest in parallel batches (the concurrency check). A refused create is searched
 * for the facet the target refused. Every key is described and compared with what created it.
 */
import { notSettled } from '../catalogue/answers.js';
import { classify } from '../catalogue/oracle.js';
import { errorCodeOf } from '../errors.js';
import { compareDescribed } from '../judge/described.js';
import type { CreateFact, KeyPhaseFacts } from '../judge/facts.js';
import { attribute } from '../plan/attribution.js';
import type { Facet, Plan, PlannedCreate } from '../plan/types.js';
import { withCase } from '../transport/capture.js';
import type { KmsClient } from '../transport/client.js';
import { toEvidence } from '../transport/evidence.js';
import { settle, settledNote } from '../transport/settle.js';
import { keyPhaseCase, Sender, type SenderOptions, type SendResult } from './sender.js';

export interface KeyPhaseOptions extends SenderOptions {
  readonly plan: Plan;
  readonly describe: boolean;
  readonly concurrency: number;
  /** A new key may be unreadable (404) or in state 1 this long: describe-key polls within it. */
  readonly settleMs: number;
}

interface CreateState {
  readonly create: PlannedCreate;
  served: Set<string>;
  refused: { facet: string; foundBy: string; sends: number[] }[];
  undetermined: { facet: string; reason: string }[];
  notSent?: { reason: string; budget: boolean };
  /** The first send was accepted with every facet. */
  whole: boolean;
  /** The facets of the first accepted send. */
  accepted?: readonly Facet[];
}

const summary = (f: Facet) => ({ key: f.key, label: f.label, slot: f.slot, open: f.open, items: f.items });

export async function runKeyPhase(o: KeyPhaseOptions): Promise<KeyPhaseFacts> {
  const sender = new Sender(o);
  const states = new Map(
    o.plan.creates.map((c) => [
      c.id,
      { create: c, served: new Set<string>(), refused: [], undetermined: [], whole: false } as CreateState,
    ]),
  );
  let stopped: string | undefined;
  // Only bodies the oracle says must be accepted are sent while searching; riders are open by nature.
  const acceptable = (facets: readonly Facet[]) =>
    classify(
      sender.body(
        facets.filter((f) => !f.open),
        0,
      ),
      o.edition,
    ).expect === 'accept';

  /** Sends a create (copies at once for the race), then searches a refusal for its culprits. */
  const run = async (state: CreateState, extra: { copies?: number; group?: string } = {}) => {
    const { create } = state;
    if (stopped) {
      state.notSent = { reason: stopped, budget: false };
      return;
    }
    const stopOn = (r: SendResult) => {
      if (r.stop?.phase) stopped ??= r.stop.reason;
      return r;
    };
    const first = stopOn(
      await sender.send({ create: create.id, facets: create.facets, why: 'planned', ...extra }),
    );
    if (first.outcome === 'accepted') {
      state.whole = true;
      state.accepted = create.facets;
      for (const f of create.facets) state.served.add(f.key);
      return;
    }
    if (first.outcome === 'stopped') {
      state.notSent = { reason: first.stop?.reason ?? 'stopped', budget: first.stop?.phase === false };
      return;
    }
    // An open cell's refusal is its answer.
    if (create.attempt) {
      for (const f of create.facets)
        state.refused.push({ facet: f.key, foundBy: 'refused', sends: [...first.sends] });
      return;
    }
    const stepSends: number[][] = [];
    const found = await attribute(create.facets, {
      send: async (facets, why) => {
        const r = stopOn(await sender.send({ create: create.id, facets, why, ...extra }));
        stepSends.push([...r.sends]);
        return r.outcome;
      },
      acceptable,
      isCell: (f) => f.cell === true,
    });
    for (const set of found.accepted) for (const f of set) state.served.add(f.key);
    if (found.accepted[0]) state.accepted = found.accepted[0];
    // Each culprit's evidence: the refusal that carried it with the fewest other culprits, then the send
    // that named it.
    const culprits = found.refused.map((c) => c.facet);
    const refusals = [
      { sent: create.facets, sends: first.sends },
      ...found.steps.flatMap((st, i) =>
        st.outcome === 'refused' ? [{ sent: st.sent, sends: stepSends[i] ?? [] }] : [],
      ),
    ];
    for (const c of found.refused) {
      const others = (sent: readonly Facet[]) =>
        culprits.filter((x) => x !== c.facet && sent.includes(x)).length;
      const best = refusals
        .filter((r) => r.sent.includes(c.facet))
        .sort((a, b) => others(a.sent) - others(b.sent))[0];
      state.refused.push({
        facet: c.facet.key,
        foundBy: c.foundBy,
        sends: [...(best?.sends ?? first.sends), ...(stepSends[c.step] ?? [])],
      });
    }
    for (const f of found.undetermined)
      state.undetermined.push({
        facet: f.key,
        reason: stopped ?? `--max-keys ${o.budget.max} left no key to tell`,
      });
  };

  const byRole = (role: PlannedCreate['role']) => [...states.values()].find((s) => s.create.role === role);
  const minimal = byRole('minimal');
  if (minimal) await run(minimal);

  // The duplicate probe: the carrier's plain create under the bare create's alias.
  let duplicate: KeyPhaseFacts['duplicate'];
  const carrier = byRole('duplicate-carrier');
  const firstKey = sender.keys[0];
  if (carrier && firstKey && !stopped) {
    const alias = String(firstKey.body.key_alias);
    const probe = await sender.send({
      create: carrier.create.id,
      facets: carrier.create.facets,
      why: `duplicate alias of ${firstKey.create}`,
      alias,
    });
    const index = probe.sends.at(-1) ?? -1;
    if (probe.outcome === 'accepted') {
      carrier.whole = true;
      for (const f of carrier.create.facets) carrier.served.add(f.key);
      duplicate = { send: index, conclusive: true };
    } else {
      await run(carrier);
      // Refused under the alias in use, accepted as it is under its own: the alias was the reason. If the
      // target refused part of it, the probe is repeated with only what the target accepted.
      duplicate = { send: index, conclusive: carrier.whole };
      if (!carrier.whole && carrier.accepted) {
        const again = await sender.send({
          create: carrier.create.id,
          facets: carrier.accepted,
          why: `duplicate alias of ${firstKey.create}, with what the target accepted`,
          alias,
        });
        const last = again.sends.at(-1);
        if (last !== undefined) duplicate = { send: last, conclusive: again.outcome !== 'stopped' };
      }
    }
  }

  // The race: the race carrier sent several times at once under one alias.
  let race: KeyPhaseFacts['race'];
  const racer = byRole('race-carrier');
  const duplicatesAllowed = duplicate !== undefined && sender.sends[duplicate.send]?.status === 200;
  if (racer && duplicatesAllowed) await run(racer);
  else if (racer && !stopped) {
    const copies = Math.min(o.concurrency, o.budget.free());
    const before = sender.sends.length;
    await run(racer, copies >= 2 ? { copies, group: 'race' } : {});
    if (copies >= 2) race = { sends: range(before, sender.sends.length), parallel: copies };
  }

  // The rest in parallel batches; their first sends are the concurrency check, so creates without riders
  // (which a target may refuse) go first: a batch of them is a batch of keys made at once.
  // Creates that carry a value a MUST or SHOULD requirement needs go before depth, should the budget run
  // short (a search that needed more keys, a request whose answer never came).
  const risky = (s: CreateState) => s.create.facets.some((f) => f.open);
  const needed = (s: CreateState) =>
    [...s.create.cellItems, ...s.create.facets.flatMap((f) => f.items)].some(
      (i) => i.group !== undefined && i.level !== 'MAY',
    );
  const rest = [...states.values()]
    .filter((s) => !s.create.role && !s.create.attempt)
    .sort((a, b) => Number(needed(b)) - Number(needed(a)) || Number(risky(a)) - Number(risky(b)));
  for (let i = 0; i < rest.length; i += o.concurrency) {
    const batch = rest.slice(i, i + o.concurrency);
    await Promise.all(batch.map((s) => run(s, { group: `batch ${i / o.concurrency + 1}` })));
  }
  // Open cells, one at a time: whatever the answer, it is an observation.
  for (const s of [...states.values()].filter((s) => s.create.attempt)) await run(s);

  if (o.describe) await describeKeys(o.client, sender, o);

  const labels = createLabels(o.plan.creates);
  const creates: CreateFact[] = [...states.values()].map((s) => ({
    id: s.create.id,
    label: labels.get(s.create.id) ?? s.create.id,
    ...(s.create.role && { role: s.create.role }),
    attempt: s.create.attempt,
    facets: s.create.facets.map(summary),
    cellItems: s.create.cellItems,
    served: [...s.served],
    refused: s.refused,
    undetermined: s.undetermined,
    ...(s.notSent !== undefined && { notSent: s.notSent }),
  }));
  return {
    creates,
    sends: sender.sends,
    keys: sender.keys,
    unplanned: o.plan.unplanned,
    ...(duplicate && { duplicate }),
    ...(race && { race }),
    describeOffered: o.describe,
    maxKeys: o.budget.max,
    spare: o.budget.free(),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * A name for each create that holds no value of the run and does not depend on how many creates the budget
 * allowed: its cell (spec, usage, origin) and what else it carries. Findings are named by it, so that a
 * baseline or a recording made with another --max-keys or --grep still names the same case.
 */
function createLabels(creates: readonly PlannedCreate[]): Map<string, string> {
  const seen = new Map<string, number>();
  return new Map(
    creates.map((c) => {
      const cell = c.facets.filter((f) => f.cell).map((f) => f.label);
      const rest = c.facets.filter((f) => !f.cell).map((f) => f.label);
      const base = [
        cell.length > 0 ? cell.join(', ') : c.bare ? 'key_alias only' : 'no cell field',
        ...rest,
      ].join(' + ');
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return [c.id, n === 1 ? base : `${base} #${n}`];
    }),
  );
}

/** describe-key for every key the phase made (a replay is the earlier key: described once). */
async function describeKeys(client: KmsClient, sender: Sender, o: KeyPhaseOptions): Promise<void> {
  const keys = sender.keys.filter((k) => k.replayOf === undefined);
  for (let i = 0; i < keys.length; i += o.concurrency) {
    await Promise.all(
      keys.slice(i, i + o.concurrency).map(async (key) => {
        const index = sender.keys.indexOf(key);
        try {
          const { exchange: x, timeline } = await withCase(keyPhaseCase(key.create), () =>
            settle(() => client.call('describe-key', { key_id: key.keyId }), notSettled, o.settleMs),
          );
          const evidence = toEvidence(x, timeline);
          sender.keys[index] = {
            ...key,
            described:
              x.status === 200
                ? {
                    kind: 'described',
                    evidence,
                    mismatches: compareDescribed(
                      key.body,
                      { key_id: key.keyId, domain_id: key.domainId },
                      x.json,
                      o.edition,
                    ),
                  }
                : {
                    kind: 'refused',
                    answer: `${x.status} ${x.text.slice(0, 200)}${settledNote(timeline)}`,
                    evidence,
                  },
          };
        } catch (error) {
          sender.keys[index] = {
            ...key,
            described: {
              kind: 'unanswered',
              unanswered: {
                code: errorCodeOf(error) ?? 'KMSCT_ERR_CHECK',
                message: (error as Error).message,
              },
            },
          };
        }
      }),
    );
  }
}
