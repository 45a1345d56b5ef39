import { type Exchange, toCurl } from './client.js';
import type { UnansweredRequest } from './errors.js';

/** What a report shows of an exchange: the request, the answer (body capped), and a curl that replays it. */
export interface Evidence {
  readonly request: Exchange['request'];
  readonly response: {
    readonly status: number;
    readonly headers: Exchange['headers'];
    readonly body: string;
  };
  readonly curl: string;
}

const bodyExcerpt = 2000;

export function toEvidence(x: Exchange): Evidence {
  return {
    request: x.request,
    response: { status: x.status, headers: x.headers, body: x.text.slice(0, bodyExcerpt) },
    curl: toCurl(x),
  };
}

/** Evidence of a request that got no answer: what was sent, status 0, and why nothing came back. */
export function unansweredEvidence(request: UnansweredRequest, error: string): Evidence {
  return { request, response: { status: 0, headers: {}, body: error }, curl: toCurl({ request }) };
}
