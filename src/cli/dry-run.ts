/**
 * `kms-conformance run --dry-run`: what a run would do, without sending anything to the target. The key plan
 * is computed as the run would compute it; the request count comes from a rehearsal of the same run against a
 * private embedded reference, which answers as a conformant target does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunOptions } from '../config/run-options.js';
import { planKeys } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import { selector } from '../run/prepare.js';
import { isLoopback } from '../transport/loopback.js';
import { runOnce } from './run-once.js';

export interface DryRun {
  readonly plan: Plan;
  readonly requests: number;
  /** Keys the rehearsal made: each is read after its create, and may have to settle first. */
  readonly keys: number;
  readonly rate: number;
  /** Seconds the run would take at the rate; undefined without pacing. */
  readonly seconds?: number;
  readonly settleMs: number;
  /** The most a target's keys that take time to show could add: each read waits up to the settle window. */
  readonly settleSeconds: number;
  /** The most throttling could add: the retry budget. */
  readonly retrySeconds: number;
}

export async function dryRun(options: RunOptions, out: NodeJS.WritableStream): Promise<DryRun> {
  const loopback = options.target === undefined || isLoopback(options.target);
  const maxKeys = options.maxKeys ?? (loopback ? 0 : 10);
  const rate = options.rate ?? (loopback ? 0 : 10);
  const plan = planKeys({
    edition: options.edition,
    maxKeys,
    concurrency: options.concurrency,
    aksk: options.target === undefined || options.sk !== undefined,
    describe: true,
    selected: selector(options.grep, options.shard, options.edition),
  });
  const dir = mkdtempSync(join(tmpdir(), 'kmsct-dry-'));
  let requests: number;
  let keys: number;
  try {
    // The target's address and credentials stay out: the rehearsal starts a reference of its own.
    const {
      target: _target,
      projectId: _project,
      token: _token,
      ak: _ak,
      sk: _sk,
      caFile: _ca,
      ...rest
    } = options;
    const rehearsal: RunOptions = { ...rest, faults: [], maxKeys, rate: 0, reportDir: dir, dryRun: false };
    const { report } = await runOnce(rehearsal, out, { quiet: true });
    requests = report.requests.sent;
    keys = report.keys.created.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const settleMs = options.settleMs ?? (loopback ? 1000 : 15_000);
  const result: DryRun = {
    plan,
    requests,
    keys,
    rate,
    ...(rate > 0 && { seconds: Math.ceil(requests / rate) }),
    settleMs,
    settleSeconds: Math.ceil((keys * settleMs) / 1000),
    retrySeconds: options.retryBudgetSeconds,
  };
  out.write(renderDryRun(options, result, maxKeys));
  return result;
}

function renderDryRun(options: RunOptions, d: DryRun, maxKeys: number): string {
  const lines = [
    `kms-conformance dry run: ${options.target ?? 'the embedded reference'} (${options.edition} edition); nothing is sent to the target.`,
    '',
    `Key plan: ${d.plan.creates.length} creates${maxKeys > 0 ? ` within --max-keys ${maxKeys}` : ' (no --max-keys)'}, ${options.concurrency} at once; every MUST and SHOULD value needs ${d.plan.budget.floor}${maxKeys > 0 ? `; ${d.plan.budget.spare} in reserve (a search that needs another key, a request whose answer never came)` : ''}`,
  ];
  for (const c of d.plan.creates) {
    const covers = [
      ...new Set(
        [...c.cellItems, ...c.facets.flatMap((f) => f.items)].map((i) => i.requirement.replace(/^CK-/, '')),
      ),
    ];
    lines.push(
      `  ${c.id.padEnd(4)}${(c.role ?? (c.attempt ? 'attempt' : '')).padEnd(18)}${c.facets.map((f) => `${f.open ? '~' : ''}${f.label}`).join(' | ')}`,
      `  ${''.padEnd(22)}serves ${covers.join(', ')}`,
    );
  }
  const lost = d.plan.unplanned;
  if (lost.length > 0) {
    lines.push('', 'Not in the plan (the budget serves MUST, then SHOULD, then MAY, then depth):');
    for (const u of lost)
      lines.push(
        `  ${u.item.level.padEnd(6)} ${u.item.requirement.padEnd(32)} ${u.item.label}${u.item.group === undefined ? ' (depth: checked without it)' : ''}`,
      );
  }
  lines.push(
    '',
    `Requests: ${d.requests}, counted by a rehearsal against the embedded reference (a target that refuses what it must accept needs a few more to find what it refused).`,
    d.seconds !== undefined
      ? `Time at ${d.rate} requests/s (--rate): about ${d.seconds} s.`
      : "No pacing (--rate 0 on loopback): the time is the target's.",
    `Keys that take time to show: each of the ${d.keys} keys is read after its create and may wait up to --settle-ms ${d.settleMs} for it: at most ${d.settleSeconds} s more.`,
    `Throttling: a 429 waits its Retry-After, or 2-5 s doubling per retry, within --retry-budget-seconds: at most ${d.retrySeconds} s more.`,
    ...(d.seconds !== undefined
      ? [`In all: about ${d.seconds} s, at most ${d.seconds + d.settleSeconds + d.retrySeconds} s.`]
      : []),
    '',
  );
  return lines.join('\n');
}
