/**
 * The reporter that turns a vitest run into findings: each check carries its findings in its test's meta
 * (suites/support/check.ts), with the run it judged, so one vitest run can judge several runs (the gallery's
 * plants). A test that failed without findings ended outside its check (vitest's timeout): an error of ours.
 * Tests that never ran (filtered out, cancelled) say nothing.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import { errorCodeOf } from '../errors.js';
import { error, type Finding } from '../findings/finding.js';
import type { Findings } from '../findings/sink.js';

interface CheckMeta {
  readonly run: string;
  readonly requirement: string;
  readonly case: string;
  readonly findings?: readonly Finding[];
}

export class FindingCollector implements Reporter {
  constructor(
    /** Each run's sink, by the label its checks carry. */
    private readonly sinks: () => ReadonlyMap<string, Findings>,
  ) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const sinks = this.sinks();
    for (const module of modules)
      for (const test of module.children.allTests()) {
        const meta = (test.meta() as { kmsct?: CheckMeta }).kmsct;
        const sink = meta && sinks.get(meta.run);
        if (!meta || !sink) continue;
        const result = test.result();
        sink.addTime(meta.requirement, test.diagnostic()?.duration ?? 0);
        if (meta.findings) sink.add(...meta.findings);
        else if (result.state === 'failed') {
          const e = result.errors?.[0];
          sink.add(
            error(
              meta.requirement,
              meta.case,
              errorCodeOf(e) ?? 'KMSCT_ERR_CHECK',
              e?.message ?? 'the check failed',
            ),
          );
        }
      }
    // A suite file that did not load, an error no test owns: every run of the batch is affected.
    const orphans = [
      ...modules.flatMap((m) => m.errors().map((e) => `${m.moduleId}: ${e.message}`)),
      ...unhandledErrors.map((e) => e.message),
    ];
    for (const sink of sinks.values()) sink.errors.push(...orphans);
  }
}
