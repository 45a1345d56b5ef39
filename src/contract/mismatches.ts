/** What the Pact verifier reports when a verification fails, read into one line per mismatch. */

interface Mismatch {
  readonly type?: string;
  readonly path?: string;
  readonly mismatch?: string;
}

/** The verifier rejects with a JSON document; pull the mismatches out of it, or keep the text. */
export function mismatchesOf(error: unknown): string[] {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(message) as {
      errors?: {
        interaction?: string | { description?: string };
        mismatch?: { mismatches?: Mismatch[]; message?: string };
      }[];
    };
    const found = (parsed.errors ?? []).flatMap((e) => {
      // "Verifying a pact between A and B Given <state> - <description>": keep the description.
      const where =
        typeof e.interaction === 'string'
          ? e.interaction.replace(/^.* - /, '')
          : (e.interaction?.description ?? 'interaction');
      const list = e.mismatch?.mismatches ?? [];
      return list.length > 0
        ? list.map((m) => `${where}: ${m.path ?? m.type ?? ''}: ${m.mismatch ?? ''}`)
        : [`${where}: ${e.mismatch?.message ?? 'failed'}`];
    });
    if (found.length > 0) return found;
  } catch {
    // not JSON: fall through
  }
  return [message];
}
