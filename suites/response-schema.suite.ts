/** The 200 body: key_info with key_id and domain_id, in their documented forms (§3). */

import { expect } from 'vitest';
import { skipped } from '../src/config/skips.js';
import { judgeAnswer } from '../src/spec/answer-rules.js';
import { check } from './support/checks.js';
import { run } from './support/target.js';

/** Every 200 the key phase received, judged by the answer rule of the requirement. */
function everyAcceptedAnswer(id: string, name: string): void {
  check(id, name, async (t) => {
    const accepted = run.keys.sends.filter((s) => s.status === 200);
    if (accepted.length === 0) t.skip(skipped.other('the key phase received no 200'));
    for (const s of accepted) {
      t.task.meta.evidence = [s.evidence];
      const answer = {
        status: s.status,
        headers: s.evidence.response.headers,
        text: s.evidence.response.body,
        json: parse(s.evidence.response.body),
      };
      const broken = judgeAnswer(answer, run.edition).find((f) => f.id === id);
      expect(broken?.message, `${s.create} ${s.why}`).toBeUndefined();
    }
  });
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

everyAcceptedAnswer('CK-RESP-SCHEMA', 'every 200 of the key phase matches the key_info schema');
everyAcceptedAnswer('CK-RESP-KEY-ID-FORMAT', 'every key_id of the key phase has the documented form');
everyAcceptedAnswer('CK-RESP-DOMAIN-ID-FORMAT', 'every domain_id of the key phase has the documented form');
