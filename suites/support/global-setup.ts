/**
 * The conformance project's global setup. Under `kms-conformance run` the CLI has prepared the run and
 * provided its context; under a plain `vitest run` this prepares it from the environment (KMSCT_*), which
 * without KMSCT_TARGET means the embedded reference, and fails the run on any always-on finding.
 */
import type { TestProject } from 'vitest/node';
import { resolveRunOptions } from '../../src/cli/options.js';
import { type Finding, readState } from '../../src/config/state.js';
import { prepareRun, removeState } from '../../src/run/prepare.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.getProvidedContext().kmsct) return undefined;
  const options = resolveRunOptions([], process.env);
  if (options === 'help') return undefined;
  const prepared = await prepareRun(options);
  project.provide('kmsct', prepared.context);
  return async () => {
    await prepared.finish();
    const findings = readState<Finding>(prepared.context.stateDir, 'findings');
    removeState(prepared.context);
    if (findings.length > 0) {
      throw new Error(
        `always-on checks found ${findings.length} violations:\n${findings.map((f) => `${f.id} (${f.test}): ${f.message}`).join('\n')}`,
      );
    }
  };
}
