/**
 * What the answers of a run showed, counted: each status of create-key, each error code of any operation (in
 * the KMS envelope or the gateway's flat body). The coverage report reads it: which documented statuses and
 * codes the run saw. Counts only, never a value of the run.
 */
export interface Tally {
  readonly statuses: Record<string, number>;
  readonly codes: Record<string, number>;
}

export class AnswerTally implements Tally {
  readonly statuses: Record<string, number> = {};
  readonly codes: Record<string, number> = {};

  count(operation: string, status: number, json: unknown): void {
    if (operation === 'create-key') this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    const body = json as { error?: { error_code?: unknown }; error_code?: unknown } | undefined;
    const code = body?.error?.error_code ?? body?.error_code;
    if (typeof code === 'string' && code.length <= 32) this.codes[code] = (this.codes[code] ?? 0) + 1;
  }
}

/** Several tallies (the files of a run, its main process) as one. */
export function addTallies(tallies: readonly Partial<Tally>[]): Tally {
  const sum = new AnswerTally();
  for (const t of tallies) {
    for (const [k, n] of Object.entries(t.statuses ?? {})) sum.statuses[k] = (sum.statuses[k] ?? 0) + n;
    for (const [k, n] of Object.entries(t.codes ?? {})) sum.codes[k] = (sum.codes[k] ?? 0) + n;
  }
  return sum;
}
