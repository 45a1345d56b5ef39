/**
 * Redaction at the transport layer: every exchange is recorded through it, so tokens and secret keys never
 * reach a report, a log or an error message.
 */
export const redacted = '[REDACTED]';

const secretHeaders = new Set(['x-auth-token', 'x-security-token', 'x-subject-token']);

export class Redactor {
  readonly #secrets: string[];
  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so a secret containing another is replaced whole. Very short values are not
    // secrets worth hunting and would shred ordinary text.
    const given = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
    // Also the forms a secret takes inside JSON text and URLs, where a report may carry it.
    const forms = given.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
    this.#secrets = [...new Set(forms)].sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    // A search first: most texts hold no secret, and splitting a long one would copy it for nothing.
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(redacted);
    return out;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (secretHeaders.has(lower)) out[name] = redacted;
      else if (lower === 'authorization')
        out[name] = value.replace(/Signature=[0-9a-fA-F]+/, `Signature=${redacted}`);
      else out[name] = this.text(value);
    }
    return out;
  }

  /** An error of the transport with its message redacted (a target may echo a secret in what it sends). */
  error<E extends Error & { code: string; detail?: string }>(error: E): E {
    const redacted = this.text(error.message);
    if (redacted === error.message) return error;
    return Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error, {
      message: redacted,
      ...(error.detail !== undefined && { detail: this.text(error.detail) }),
    });
  }

  /** Any JSON-like value, deeply. */
  value<T>(value: T): T {
    return JSON.parse(this.text(JSON.stringify(value) ?? 'null')) as T;
  }
}
