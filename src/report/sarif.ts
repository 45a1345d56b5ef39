/**
 * report.sarif: SARIF 2.1.0, for code-scanning dashboards. One rule per requirement of the edition (its id,
 * title, the spec sentence, the level as SARIF's: MUST → error, SHOULD → warning, MAY → note), one result per
 * failing requirement, carrying its first failure's fingerprint (stable from run to run, so a dashboard tracks
 * one alert across runs) and the curl that replays it. The operation under test is the result's logical
 * location: a conformance finding has no line of source. With a baseline, known failures are `suppressions`.
 */
import { requirementsFor } from '../catalogue/index.js';
import type { Level } from '../catalogue/types.js';
import { knownFailures } from './known.js';
import type { Report } from './model.js';

const sarifLevel: Record<Level, 'error' | 'warning' | 'note'> = {
  MUST: 'error',
  SHOULD: 'warning',
  MAY: 'note',
};

export const sarifSchema = 'https://json.schemastore.org/sarif-2.1.0.json';

export function renderSarif(report: Report): string {
  const rules = requirementsFor(report.edition);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const knownOnly = knownFailures(report);
  const results = report.requirements
    .filter((r) => r.status === 'fail')
    .map((r) => {
      const first = r.failures[0];
      const failing = r.cases.filter((c) => c.status === 'fail');
      const allKnown = knownOnly(r);
      return {
        ruleId: r.id,
        ruleIndex: index.get(r.id) ?? 0,
        level: sarifLevel[r.level],
        message: {
          text: `${r.id} ${r.title}: ${first?.message.split('\n')[0] ?? 'failed'}${failing.length > 1 ? ` (${failing.length} failing cases)` : ''}`,
        },
        locations: [
          {
            logicalLocations: [
              {
                name: 'create-key',
                fullyQualifiedName: 'POST /v1.0/{project_id}/kms/create-key',
                kind: 'function',
              },
            ],
          },
        ],
        partialFingerprints: { 'kmsConformanceFinding/v1': first?.fingerprint ?? r.id },
        properties: {
          requirement: r.id,
          level: r.level,
          family: r.family,
          cases: failing.map((c) => ({ case: c.case, fingerprint: c.fingerprint })),
          ...(first?.curl !== undefined && first.curl !== '' && { curl: first.curl }),
          ...(first?.requestId !== undefined && { requestId: first.requestId }),
        },
        ...(allKnown && {
          suppressions: [
            {
              kind: 'external',
              justification:
                report.baseline?.items.find((i) => i.fingerprint === failing[0]?.fingerprint)?.reason ??
                'known (baseline)',
            },
          ],
        }),
      };
    });
  const log = {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kms-conformance',
            version: report.tool.version,
            informationUri: 'https://www.npmjs.com/package/kms-conformance',
            rules: rules.map((q) => ({
              id: q.id,
              name: q.id
                .toLowerCase()
                .split('-')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: q.title },
              fullDescription: { text: `${q.source.en} Observed: ${q.observation}` },
              defaultConfiguration: { level: sarifLevel[q.levels[report.edition] ?? 'MAY'] },
              properties: { level: q.levels[report.edition], family: q.family, rows: q.rows },
            })),
          },
        },
        automationDetails: { id: `kms-conformance/${report.edition}/${report.runId}` },
        invocations: [
          {
            executionSuccessful: report.summary.verdict !== 'error',
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(report.command !== undefined && { commandLine: report.command }),
          },
        ],
        properties: { target: report.target.url, verdict: report.summary.verdict, seed: report.seed },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
