/**
 * The conformance project's global setup. Under `kms-conformance run` the CLI has prepared the run and
 * provided its context; under a plain `vitest run` this prepares it from the environment (KMSCT_*), which
 * without KMSCT_TARGET means the embedded reference. With no report behind such a run, a check fails on any
 * rule an answer of it broke, and the end of the run fails on what only the end can see.
 */
import type { TestProject } from 'vitest/node';
import { resolveRunOptions } from '../../src/cli/options.js';
import { keyPhaseBroken } from '../../src/judge/answers.js';
import { prepareRun, removeState } from '../../src/run/prepare.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.getProvidedContext().kmsct) return undefined;
  const options = resolveRunOptions([], process.env);
  if (options === 'help') return undefined;
  const prepared = await prepareRun(options);
  project.provide('kmsct', { run: { ...prepared.context, standalone: true } });
  return async () => {
    const { findings } = await prepared.finish();
    const broken = [...keyPhaseBroken(prepared.context.keys), ...findings].filter((f) => f.status === 'fail');
    removeState(prepared.context);
    if (broken.length > 0)
      throw new Error(
        `the key phase and the end of the run found ${broken.length} violations:\n${broken.map((f) => `${f.requirement} (${f.case}): ${f.message}`).join('\n')}`,
      );
  };
}
