/** The 200 body: key_info with key_id and domain_id, in their documented forms (§3). */
import { sendFindings } from '../src/judge/answers.js';
import { defineSuite } from './support/suite.js';

defineSuite('response-schema', (s) => {
  // The key phase judged each of its answers, whole, when it came; every 200 it received is reported here.
  for (const id of ['CK-RESP-SCHEMA', 'CK-RESP-KEY-ID-FORMAT', 'CK-RESP-DOMAIN-ID-FORMAT'])
    s.facts(id, 'every 200 of the key phase', (facts) => sendFindings(facts, id));
});
