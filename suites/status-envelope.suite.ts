/** Statuses, the error envelope, error codes and Content-Type (§3, §4, §7), judged by the answer rules. */
import { requirement } from '../src/catalogue/index.js';
import { ruleFinding, verdicts } from '../src/judge/answers.js';
import { codeFormat, codesObserved, type RefusalSeen } from '../src/judge/error-codes.js';
import type { Exchange } from '../src/transport/client.js';
import { toEvidence } from '../src/transport/evidence.js';
import type { Check } from './support/check.js';
import { defineSuite, type Suite } from './support/suite.js';

/** One refused case per rule of the catalogue that has a reference code. */
function onePerRule(s: Suite) {
  const seen = new Set<string>();
  return s.derivedCases().filter((c) => {
    const rule = c.classification.rules[0]?.id;
    if (c.classification.expect !== 'refuse' || !rule || seen.has(rule) || !requirement(rule).reference)
      return false;
    seen.add(rule);
    return true;
  });
}

/** The refusals of one case per rule, with the code the reference gives for each. */
async function refusalsSeen(s: Suite, c: Check): Promise<RefusalSeen[]> {
  const seen: RefusalSeen[] = [];
  for (const d of onePerRule(s)) {
    const x = await c.sendCase(d);
    const rule = d.classification.rules[0]?.id ?? '';
    const reference = requirement(rule).reference?.code;
    seen.push({
      kase: d.key,
      rule,
      ...(reference !== undefined && { reference }),
      answer: x,
      evidence: toEvidence(x),
    });
  }
  return seen;
}

defineSuite('status-envelope', (s) => {
  s.planned('CK-CREATE-MINIMAL');

  /** A rule judged on an answer this check asks for. */
  const onAnswer = (id: string, kase: string, ask: (c: Check) => Promise<Exchange>) =>
    s.check(id, kase, async (c) => {
      const x = await ask(c);
      c.record(...ruleFinding(id, c.name, verdicts(x, c.edition), toEvidence(x)));
    });
  /** A rule on the first 200 of the key phase, judged when it came. */
  const onAccepted = (id: string) =>
    s.check(id, 'an accepted create (the key phase)', async (c) => {
      const accepted = s.run.keys.sends.find((send) => send.status === 200);
      if (accepted) c.record(...ruleFinding(id, c.name, accepted.rules, accepted.evidence));
    });
  const refused = (c: Check) => c.create({ key_alias: '' });
  const unauthenticated = (c: Check) =>
    c.create({ key_alias: c.target.freshAlias() }, { client: c.clientWith({ kind: 'none' }) });

  onAccepted('CK-STATUS-DOCUMENTED');
  onAnswer('CK-STATUS-DOCUMENTED', 'a refused create', refused);
  onAnswer('CK-STATUS-DOCUMENTED', 'an unauthenticated create', unauthenticated);
  onAnswer('CK-ERROR-ENVELOPE', 'a refused create', refused);
  onAnswer('CK-ERROR-ENVELOPE', 'an unauthenticated create', unauthenticated);
  onAccepted('CK-CONTENT-TYPE');
  onAnswer('CK-CONTENT-TYPE', 'a refused create', refused);

  s.check('CK-ERROR-CODE-FORMAT', 'a refusal of each rule', async (c) => {
    c.record(...codeFormat(await refusalsSeen(s, c)));
  });
  s.check('CK-ERROR-CODE-OBSERVED', 'a refusal of each rule', async (c) => {
    c.record(...codesObserved(await refusalsSeen(s, c)));
  });
});
