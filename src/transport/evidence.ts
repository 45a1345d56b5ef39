import { type Exchange, toCurl } from './client.js';

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
