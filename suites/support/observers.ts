/**
 * Always-on checks: every create-key answer of every test is judged against the answer rules
 * (src/spec/answer-rules.ts), and every key a test creates is described and compared with the body that
 * created it. A violation becomes a finding of its requirement (state folder), which the report merges with
 * the requirement's own tests.
 */
import { appendState } from '../../src/config/state.js';
import { judgeAnswer } from '../../src/spec/answer-rules.js';
import { compareDescribed } from '../../src/spec/expected-key.js';
import type { Exchange, KmsClient } from '../../src/transport/client.js';
import { toEvidence } from '../../src/transport/evidence.js';
import { run } from './context.js';

function finding(id: string, message: string, exchange: Exchange, test: string): void {
  appendState(run.stateDir, 'findings', {
    id,
    message,
    exchangeId: exchange.id,
    test,
    ...toEvidence(exchange),
  });
}

export function observe(exchange: Exchange, test: string): void {
  for (const { id, message } of judgeAnswer(exchange, run.edition)) finding(id, message, exchange, test);
}

/** describe-key of a key a test created, compared with the body that created it. */
export async function observeCreated(client: KmsClient, exchange: Exchange, test: string): Promise<void> {
  if (!run.capabilities.describeKey.supported) return;
  const info = (exchange.json as { key_info?: { key_id?: unknown; domain_id?: unknown } } | undefined)
    ?.key_info;
  let body: unknown;
  try {
    body = JSON.parse(exchange.request.body);
  } catch {
    return;
  }
  if (typeof info?.key_id !== 'string' || typeof body !== 'object' || body === null) return;
  const described = await client.call('describe-key', { key_id: info.key_id });
  const created = {
    key_id: info.key_id,
    domain_id: typeof info.domain_id === 'string' ? info.domain_id : '',
  };
  if (described.status !== 200) {
    finding(
      'CK-DESCRIBE-ECHO',
      `describe-key of the key the create returned answered ${described.status}`,
      described,
      test,
    );
    return;
  }
  for (const m of compareDescribed(body as Record<string, unknown>, created, described.json, run.edition))
    finding(
      m.id,
      `${m.attribute}: expected ${m.expected}, received ${JSON.stringify(m.received)}`,
      described,
      test,
    );
}
