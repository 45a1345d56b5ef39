/** An exchange with the target as the run keeps it: what was sent and what came back, both redacted. */

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Exchange {
  readonly id: number;
  readonly operation: string;
  /** Redacted: safe to print and to write to a report. */
  readonly request: RecordedRequest;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Response body text, redacted. */
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly durationMs: number;
  readonly retries: readonly { readonly status: number; readonly waitMs: number }[];
  /** The replay command, in the exchanges a client keeps whose request body the record cuts to an excerpt. */
  readonly curl?: string;
}
