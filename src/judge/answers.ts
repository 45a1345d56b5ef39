/**
 * The rules every create-key answer keeps, whatever was asked (§3, §4, §7): judged once, on the whole parsed
 * answer, when it arrives. The key phase keeps the verdicts with each send; a check keeps the broken ones as
 * findings of their requirements.
 */
import { type Answer, codeOf, documentedStatuses } from '../catalogue/answers.js';
import { requirement } from '../catalogue/index.js';
import { createKeyResponse, domainIdFormat, errorEnvelope, keyIdFormat } from '../catalogue/schemas.js';
import type { Edition } from '../catalogue/types.js';
import { type Finding, fail, pass, skip } from '../findings/finding.js';
import { skipped } from '../findings/skips.js';
import type { Evidence } from '../transport/evidence.js';
import type { KeyPhaseFacts, RuleVerdict, SendFact } from './facts.js';

export type { RuleVerdict };

interface Rule {
  readonly id: string;
  readonly aspect: string;
  readonly applies: (x: Answer) => boolean;
  /** A message when the answer breaks the rule. */
  readonly broken: (x: Answer, edition: Edition) => string | undefined;
}

const keyInfo = (x: Answer) =>
  (x.json as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)?.key_info;
const excerpt = (x: Answer) => x.text.slice(0, 200);

const rules: readonly Rule[] = [
  {
    id: 'CK-STATUS-DOCUMENTED',
    aspect: 'status',
    applies: () => true,
    broken: (x, edition) =>
      documentedStatuses[edition].includes(x.status)
        ? undefined
        : `Received status ${x.status}; expected one of ${documentedStatuses[edition].join(', ')} (${edition} edition)`,
  },
  {
    id: 'CK-ROBUST-NO-SERVER-ERROR',
    aspect: 'status',
    applies: () => true,
    broken: (x) =>
      x.status < 500
        ? undefined
        : `Received ${x.status} ${excerpt(x)}; expected 200 or a 4xx: no input may cause a server error`,
  },
  {
    id: 'CK-ERROR-ENVELOPE',
    aspect: 'envelope',
    applies: (x) => x.status >= 400,
    broken: (x) =>
      errorEnvelope(x.json)
        ? undefined
        : `Received ${x.status} with body ${excerpt(x)}; expected {"error": {"error_code": String, "error_msg": String}}`,
  },
  {
    id: 'CK-RESP-SCHEMA',
    aspect: 'body',
    applies: (x) => x.status === 200,
    broken: (x) =>
      createKeyResponse(x.json)
        ? undefined
        : `Received 200 with body ${excerpt(x)}; expected {"key_info": {"key_id": String, "domain_id": String}}`,
  },
  {
    id: 'CK-RESP-KEY-ID-FORMAT',
    aspect: 'key_id',
    applies: (x) => x.status === 200 && typeof keyInfo(x)?.key_id === 'string',
    broken: (x) =>
      keyIdFormat(keyInfo(x)?.key_id)
        ? undefined
        : `Received key_id ${JSON.stringify(keyInfo(x)?.key_id)}; expected 36 characters [0-9a-z] in 8-4-4-4-12 form`,
  },
  {
    id: 'CK-RESP-DOMAIN-ID-FORMAT',
    aspect: 'domain_id',
    applies: (x) => x.status === 200 && typeof keyInfo(x)?.domain_id === 'string',
    broken: (x) =>
      domainIdFormat(keyInfo(x)?.domain_id)
        ? undefined
        : `Received domain_id ${JSON.stringify(keyInfo(x)?.domain_id)}; expected 32 lowercase hex characters`,
  },
  {
    id: 'CK-ERROR-CODE-FORMAT',
    aspect: 'error_code',
    applies: (x) => x.status >= 400 && codeOf(x) !== undefined,
    broken: (x) =>
      /^(KMS|APIGW)\.\d{4}$/.test(String(codeOf(x)))
        ? undefined
        : `Received error_code ${JSON.stringify(codeOf(x))}; expected KMS.NNNN`,
  },
  {
    id: 'CK-CONTENT-TYPE',
    aspect: 'content-type',
    applies: (x) => x.text !== '',
    broken: (x) => {
      const type = x.headers['content-type'] ?? '';
      return /^application\/json\s*(;|$)/i.test(type)
        ? undefined
        : `Received Content-Type ${JSON.stringify(type)}; expected application/json`;
    },
  },
];

/** Every rule of the edition that applies to the answer, with the way it broke, if it did. */
export function verdicts(x: Answer, edition: Edition): RuleVerdict[] {
  return rules.flatMap((rule) => {
    if (requirement(rule.id).levels[edition] === undefined || !rule.applies(x)) return [];
    const message = rule.broken(x, edition);
    return [{ id: rule.id, aspect: rule.aspect, ...(message !== undefined && { message }) }];
  });
}

/** The broken verdicts as findings of their requirements, judged on an answer of `kase`. */
export function brokenRules(
  judged: readonly RuleVerdict[],
  kase: string,
  evidence: readonly Evidence[],
): Finding[] {
  return judged.flatMap((v) =>
    v.message === undefined ? [] : [fail(v.id, kase, v.aspect, v.message, evidence, { alwaysOn: true })],
  );
}

/** One rule's finding on an answer it applies to (pass or fail); none when it does not apply. */
export function ruleFinding(
  id: string,
  kase: string,
  judged: readonly RuleVerdict[],
  evidence: Evidence,
): Finding[] {
  const v = judged.find((j) => j.id === id);
  if (!v) return [];
  return [v.message === undefined ? pass(id, kase, 'held') : fail(id, kase, v.aspect, v.message, [evidence])];
}

/** The case of a key-phase send: its create's label and why it was sent. */
export function sendCase(facts: KeyPhaseFacts, s: SendFact): string {
  return `key phase: ${facts.creates.find((c) => c.id === s.create)?.label ?? s.create}: ${s.why}`;
}

/** One rule's verdicts on the key phase's answers, a finding per answer it applied to. */
export function sendFindings(facts: KeyPhaseFacts, id: string): Finding[] {
  const found = facts.sends.flatMap((s) => ruleFinding(id, sendCase(facts, s), s.rules, s.evidence));
  return found.length > 0
    ? found
    : [skip(id, 'the key phase', skipped.other('no answer of the key phase is one this rule applies to'))];
}

/** Every rule the key phase's answers broke, as findings of their requirements (the run's report keeps them). */
export function keyPhaseBroken(facts: KeyPhaseFacts): Finding[] {
  return facts.sends.flatMap((s) => brokenRules(s.rules, sendCase(facts, s), [s.evidence]));
}
