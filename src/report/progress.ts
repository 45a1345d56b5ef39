/**
 * The run's progress for people and CI logs: one line per family (suite file) as it finishes, with its
 * checks and what did not pass. vitest's own reporter replaces it with --verbose.
 */
import type { Reporter, TestModule } from 'vitest/node';
import type { Paint } from './colour.js';

export class ProgressReporter implements Reporter {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly paint: Paint,
  ) {}

  onTestModuleEnd(module: TestModule): void {
    const family = module.moduleId.replace(/^.*\//, '').replace(/\.suite\.[jt]s$/, '');
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failed++;
      else skipped++;
    }
    const p = this.paint;
    const mark = failed > 0 ? p.red('✗') : p.green('✓');
    const notes = [
      failed > 0 ? p.red(`${failed} failed or in error`) : '',
      skipped > 0 ? p.dim(`${skipped} skipped`) : '',
    ].filter(Boolean);
    const seconds = ((module.diagnostic().duration ?? 0) / 1000).toFixed(1);
    this.out.write(
      `  ${mark} ${family.padEnd(18)} ${String(passed + failed + skipped).padStart(4)} checks${notes.length ? `, ${notes.join(', ')}` : ''}  ${p.dim(`${seconds} s`)}\n`,
    );
  }
}
