/**
 * The seeded property's judgement (CK-ROBUST-NO-SERVER-ERROR): random valid bodies with one or two fields
 * replaced must never get a 5xx, and every answer must agree with the oracle. A disagreement is the finding
 * of the rule the body breaks (or, for a valid body refused, of the rule that accepts the replaced field).
 */
import type { Answer } from '../catalogue/answers.js';
import { documentedStatuses } from '../catalogue/answers.js';
import { type Classification, rulesFor } from '../catalogue/oracle.js';
import { errorEnvelope } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import type { ErrorCode } from '../errors.js';
import { error, type Finding, fail, pass, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import type { Evidence } from '../transport/evidence.js';

export interface Trial {
  readonly body: Record<string, unknown>;
  /** The fields replaced in a valid body, for naming what a refused valid body refused. */
  readonly replaced: readonly string[];
}

export interface Disagreement {
  readonly id: string;
  readonly aspect: string;
  readonly message: string;
}

const own = 'CK-ROBUST-NO-SERVER-ERROR';

/** The requirement a refused valid body breaks: the acceptance rule of the first field it replaced. */
function acceptRule(replaced: readonly string[], edition: Edition): string {
  for (const field of replaced)
    for (const keyword of ['pattern', 'enum', 'maxLength'])
      for (const rule of rulesFor(edition, field, keyword, 'accept')) return rule.id;
  return 'CK-CREATE-MINIMAL';
}

/** Where the answer and the oracle disagree, the requirement that says so and why. */
export function disagreement(
  x: Answer,
  expected: Classification,
  t: Trial,
  edition: Edition,
): Disagreement | undefined {
  if (x.status >= 500) return { id: own, aspect: 'status', message: `Received ${x.status}` };
  const documented = documentedStatuses[edition].includes(x.status);
  const refused = x.status >= 400 && x.status < 500 && documented && errorEnvelope(x.json);
  const rules = expected.rules.map((r) => `${r.id} (${r.level})`).join(', ');
  if (expected.expect === 'refuse' && x.status !== 400)
    return {
      id: expected.rules[0]?.id ?? own,
      aspect: 'status',
      message: `Received ${x.status}; the body breaks ${rules}, so 400 with the envelope was expected`,
    };
  if (expected.expect === 'accept' && x.status !== 200)
    return {
      id: acceptRule(t.replaced, edition),
      aspect: 'status',
      message: `Received ${x.status} ${x.text.slice(0, 120)}; the body is valid, so 200 was expected`,
    };
  if (expected.expect === 'either' && x.status !== 200 && !refused)
    return {
      id: expected.rules[0]?.id ?? own,
      aspect: 'status',
      message: `Received ${x.status}; under the open reading of ${rules} 200 or a documented 4xx with the envelope was expected`,
    };
  return undefined;
}

/** How a run of the property went. */
export interface PropertyRun {
  readonly seed: number;
  readonly numRuns: number;
  /** Trials sent (a trial that could make a key is not sent once the budget is spent). */
  readonly sent: number;
  /** Why it stopped before numRuns trials: its time limit, the key budget. */
  readonly stopped?: string;
  /** The shrunk counterexample: the last disagreement fast-check kept. */
  readonly counterexample?: {
    readonly found: Disagreement;
    readonly body: Record<string, unknown>;
    readonly path: string;
    readonly evidence: Evidence;
  };
  /** A 5xx met on the way (shrinking may end elsewhere). */
  readonly serverError?: { readonly message: string; readonly evidence: Evidence };
  /** An exception inside a trial: ours, never the target's failure. */
  readonly exception?: { readonly code: ErrorCode; readonly message: string };
}

export function propertyFindings(run: PropertyRun, kase: string): Finding[] {
  const out: Finding[] = [];
  const c = run.counterexample;
  if (c)
    out.push(
      fail(
        c.found.id,
        kase,
        c.found.aspect,
        `the seeded property (seed ${run.seed}, path ${c.path}) found: ${c.found.message}; body ${JSON.stringify(c.body).slice(0, 300)}`,
        [c.evidence],
      ),
    );
  if (run.serverError && c?.found.id !== own)
    out.push(
      fail(own, kase, 'status', `Received a server error: ${run.serverError.message}`, [
        run.serverError.evidence,
      ]),
    );
  if (run.exception) out.push(error(own, kase, run.exception.code, run.exception.message));
  if (out.some((f) => f.requirement === own)) return out;
  const made = `${run.sent} of ${run.numRuns} bodies sent (seed ${run.seed})`;
  if (run.sent === 0)
    out.push(
      skip(
        own,
        kase,
        skipped.budget(`no random body could be sent within the key budget (seed ${run.seed})`),
      ),
    );
  else if (run.stopped !== undefined)
    out.push(skip(own, kase, skipped.budget(`${run.stopped}: ${made}, none disagreed`)));
  else out.push(pass(own, kase, `${made}: no 5xx, every answer agreed with the schema`));
  return out;
}
