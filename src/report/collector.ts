import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import type { Evidence, TestOutcome } from './model.js';

/**
 * A ConformanceFailure is the target's (the check decided it); a failed assertion is too, unless it quotes
 * one of our error codes; anything else (a crash, a timeout) is ours.
 */
const isOurs = (e: { name?: string; message: string }) =>
  e.name !== 'ConformanceFailure' && (e.name !== 'AssertionError' || /KMSCT_ERR_[A-Z_]+/.test(e.message));

const idPattern = /^(CK-[A-Z0-9]+(?:-[A-Z0-9]+)*)\s/;

/** A vitest reporter that keeps each test's outcome, requirement id, evidence and observation. */
export class OutcomeCollector implements Reporter {
  readonly outcomes: TestOutcome[] = [];
  readonly unhandled: string[] = [];

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const module of modules) {
      for (const error of module.errors()) this.unhandled.push(`${module.moduleId}: ${error.message}`);
      for (const test of module.children.allTests()) {
        const id = idPattern.exec(test.name)?.[1];
        if (!id) continue;
        const result = test.result();
        // Filtered out (--grep) or never run: not an outcome at all.
        if (result.state === 'skipped' && test.options.mode !== 'run') continue;
        const meta = test.meta() as { evidence?: Evidence[]; observation?: string };
        this.outcomes.push({
          requirementId: id,
          name: test.name,
          file: module.relativeModuleId,
          state: result.state,
          messages: (result.errors ?? []).map((e) => e.message),
          ...(result.state === 'failed' && { ours: (result.errors ?? []).some(isOurs) }),
          ...(result.state === 'skipped' && result.note !== undefined && { note: result.note }),
          ...(meta.observation !== undefined && { observation: meta.observation }),
          evidence: meta.evidence ?? [],
          durationMs: Math.round(test.diagnostic()?.duration ?? 0),
        });
      }
    }
    for (const error of unhandledErrors) this.unhandled.push(error.message);
  }
}
