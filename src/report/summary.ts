import { noPaint, type Paint } from './colour.js';
import { gateLines } from './gate-text.js';
import type { Report, Status } from './model.js';

const mark: Record<Status, string> = { pass: 'pass', fail: 'FAIL', skip: 'skip', error: 'ERROR' };

/** The terminal's closing table: counts by level, then every requirement that did not pass. */
export function renderSummary(report: Report, paint: Paint = noPaint): string {
  const tint: Record<Status, (s: string) => string> = {
    pass: paint.green,
    fail: paint.red,
    skip: paint.dim,
    error: paint.magenta,
  };
  const lines: string[] = [];
  const { counts } = report.summary;
  lines.push(
    '',
    `kms-conformance ${report.tool.version}: ${report.target.embedded ? 'embedded reference' : report.target.url} (${report.edition} edition, seed ${report.seed}${report.shard ? `, shard ${report.shard.index}/${report.shard.count}` : ''}${report.merged ? `, ${report.merged.length} shards merged` : ''})`,
  );
  lines.push('', '  level   pass  fail  skip  error');
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const c = counts[level];
    lines.push(
      `  ${level.padEnd(6)} ${String(c.pass).padStart(5)} ${String(c.fail).padStart(5)} ${String(c.skip).padStart(5)} ${String(c.error).padStart(6)}`,
    );
  }
  const notable = report.requirements.filter((r) => r.status !== 'pass');
  if (notable.length > 0) lines.push('');
  for (const r of notable) {
    const why = r.status === 'fail' ? (r.failures[0]?.message.split('\n')[0] ?? '') : (r.reason ?? '');
    lines.push(
      `  ${tint[r.status](mark[r.status].padEnd(5))} ${r.level.padEnd(6)} ${r.id}  ${why.slice(0, 140)}`,
    );
    // Who answered, and the id to quote to them: the gateway's deviations are the team's to accept.
    const first = r.status === 'fail' ? r.failures[0] : undefined;
    const by = [
      first?.gateway ? `answered by the API gateway (${first.gateway})` : '',
      first?.requestId ? `request id ${first.requestId}` : '',
    ].filter((x) => x !== '');
    if (by.length > 0) lines.push(`                ${by.join(', ')}`);
  }
  const backed = report.requirements.filter((r) => r.recorded !== undefined);
  const first = backed[0]?.recorded;
  if (first !== undefined) {
    const differ = backed.filter((r) => r.recorded?.status !== r.status).map((r) => r.id);
    lines.push(
      '',
      `  recorded on ${first.target} (${first.recordedOn}): ${backed.length - differ.length} requirement(s) as here, ${differ.length} otherwise${differ.length > 0 ? `: ${differ.slice(0, 8).join(', ')}${differ.length > 8 ? ', …' : ''}` : ''}`,
    );
  }
  const c = report.summary.coverage;
  lines.push(
    '',
    `  MUST checked ${c.MUST.checked}/${c.MUST.total}, SHOULD ${c.SHOULD.checked}/${c.SHOULD.total}, MAY ${c.MAY.checked}/${c.MAY.total}`,
    `  keys created ${report.keys.created.length}, scheduled for deletion ${report.keys.cleaned.filter((k) => k.outcome === 'scheduled').length}; requests ${report.requests.sent} (${report.requests.retries} retries); ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  // Keys the clean-up could not schedule stay on the account: the user must know which.
  const left = report.keys.cleaned.filter((k) => k.outcome !== 'scheduled');
  if (left.length > 0)
    lines.push(
      `  not scheduled for deletion (${left.length}): ${left
        .slice(0, 5)
        .map((k) => k.keyId)
        .join(
          ', ',
        )}${left.length > 5 ? ', …' : ''}; every key and why is in report.json (keys.cleaned); last reason: ${left.at(-1)?.detail.slice(0, 120) ?? ''}`,
    );
  lines.push(...gateLines(report, paint));
  for (const e of report.summary.errors) lines.push(`  error: ${e}`);
  if (report.summary.interrupted) lines.push(`  ${report.summary.interrupted}`);
  if (report.summary.stoppedEarly) lines.push(`  stopped early: ${report.summary.stoppedEarly}`);
  const verdict = report.summary.verdict;
  const warnings =
    report.summary.warnings > 0 && verdict === 'conformant'
      ? ` with ${report.summary.warnings} SHOULD warning(s)`
      : '';
  const allowed =
    verdict === 'incomplete' && report.summary.allowIncomplete ? ' (allowed by --allow-incomplete)' : '';
  const verdictTint =
    verdict === 'conformant' ? paint.green : verdict === 'non-conformant' ? paint.red : paint.yellow;
  const gate = report.baseline
    ? `; with the baseline: ${paint.bold(report.baseline.verdict)} (${report.baseline.counts.known} known failure(s) set aside)`
    : '';
  lines.push(`  verdict: ${paint.bold(verdictTint(verdict))}${warnings}${allowed}${gate}`, '');
  return lines.join('\n');
}
