/**
 * The run's key budget, shared by the main process and the vitest workers through the state folder: a key
 * slot is a directory, and mkdir is atomic, so parallel processes never take the same one.
 *
 * - Planned slots (`--max-keys`): taken before a request that is meant to create a key, given back when it
 *   is refused. The run never sets out to create more keys than this.
 * - Unplanned slots: a target that wrongly accepts a request it must refuse creates a key nobody planned.
 *   Each such key takes one; once --max-keys of them are taken, requests that could create a key are no
 *   longer sent, so a faulty target cannot run an account into its quota.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

export type Pool = 'planned' | 'unplanned';

export class KeyBudget {
  constructor(
    private readonly stateDir: string,
    /** 0 means no cap. */
    readonly max: number,
  ) {}

  /** Pools whose folder this process has made: a request that could create a key makes none. */
  readonly #made = new Set<Pool>();

  /** Seen full once: unplanned slots are never given back, so it stays full. */
  #unplannedFull = false;

  #dir(pool: Pool): string {
    const dir = join(this.stateDir, `${pool}-key-slots`);
    if (!this.#made.has(pool)) {
      mkdirSync(dir, { recursive: true });
      this.#made.add(pool);
    }
    return dir;
  }

  /** Takes a slot; undefined when the pool is used up. */
  take(pool: Pool = 'planned'): string | undefined {
    const dir = this.#dir(pool);
    if (this.max <= 0) return join(dir, 'uncapped');
    // Slots seen taken are skipped without a failed mkdir each (a thrown error per taken slot cost more than
    // the request); mkdir still decides, so a slot taken meanwhile by another worker is simply passed over.
    const seen = new Set(readdirSync(dir));
    for (let slot = 0; slot < this.max; slot++) {
      if (seen.has(String(slot))) continue;
      const path = join(dir, String(slot));
      try {
        mkdirSync(path);
        return path;
      } catch {
        // taken: try the next one
      }
    }
    return undefined;
  }

  /** Gives a slot back (the request was refused: no key). */
  give(slot: string): void {
    if (this.max <= 0) return;
    rmdirSync(slot);
  }

  /** Whether every unplanned slot is taken: checked before each request that could create a key. */
  unplannedFull(): boolean {
    if (this.max <= 0) return false;
    if (this.#unplannedFull) return true;
    // Unplanned slots are never given back and are taken lowest first (take() tries 0, 1, …), so the pool is
    // full exactly when its last slot exists: one stat instead of a directory listing per request.
    this.#unplannedFull = existsSync(join(this.#dir('unplanned'), String(this.max - 1)));
    return this.#unplannedFull;
  }

  /** Slots still free in a pool. */
  free(pool: Pool = 'planned'): number {
    if (this.max <= 0) return Number.POSITIVE_INFINITY;
    return this.max - readdirSync(this.#dir(pool)).length;
  }
}
