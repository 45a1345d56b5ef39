/**
 * The findings of a run, from wherever they were judged: the key phase, the checks (through the collector),
 * the end of the run. The report is built from this and nothing else. A finding met again (the same
 * fingerprint and status: another answer breaking the same rule in the same case) is counted, not repeated.
 */
import type { Finding } from './finding.js';

export class Findings {
  readonly #all = new Map<string, Finding>();
  readonly #time = new Map<string, number>();
  /** Our own failures that no check owns: a suite file that did not load, the engine's errors. */
  readonly errors: string[] = [];

  /** Time the checks of a requirement took, summed. */
  addTime(requirement: string, ms: number): void {
    this.#time.set(requirement, (this.#time.get(requirement) ?? 0) + ms);
  }

  timeOf(requirement: string): number {
    return Math.round(this.#time.get(requirement) ?? 0);
  }

  add(...findings: readonly Finding[]): void {
    for (const f of findings) {
      const key = `${f.fingerprint} ${f.status}`;
      const seen = this.#all.get(key);
      this.#all.set(key, seen ? { ...seen, repeats: (seen.repeats ?? 0) + 1 + (f.repeats ?? 0) } : f);
    }
  }

  all(): readonly Finding[] {
    return [...this.#all.values()];
  }
}
