import { excerpt, toCurl } from './curl.js';
import type { UnansweredRequest } from './errors.js';
import type { Exchange } from './exchange.js';

/**
 * What a report shows of an exchange: the request and the answer, their bodies cut to one excerpt size, and a
 * curl that replays the request in full. This is the only place an exchange is cut: judges read the whole
 * answer before (src/judge/), never an excerpt; an excerpt is a copy, so it keeps no long answer alive.
 */
export interface Evidence {
  readonly request: Exchange['request'];
  readonly response: {
    readonly status: number;
    readonly headers: Exchange['headers'];
    readonly body: string;
  };
  readonly curl: string;
}

export function toEvidence(x: Exchange): Evidence {
  return {
    request: { ...x.request, body: excerpt(x.request.body) },
    response: { status: x.status, headers: x.headers, body: excerpt(x.text) },
    curl: x.curl ?? toCurl(x.request),
  };
}

/** Evidence of a request that got no answer: what was sent, status 0, and why nothing came back. */
export function unansweredEvidence(request: UnansweredRequest, error: string): Evidence {
  return {
    request: { ...request, body: excerpt(request.body) },
    response: { status: 0, headers: {}, body: error },
    curl: toCurl(request),
  };
}
