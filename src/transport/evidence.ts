import { excerpt, toCurl } from './curl.js';
import type { UnansweredRequest } from './errors.js';
import type { Exchange } from './exchange.js';
import { gatewayAnswer, requestIdOf } from './gateway.js';

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
  /** The id the target gave the answer (X-Request-Id, or request_id in the body): what a support ticket needs. */
  readonly requestId?: string;
  /** The API gateway answered, not the service behind it: its APIGW code. */
  readonly gateway?: string;
  /** Reads of a key that had not settled yet, then the one that counts (see src/transport/settle.ts). */
  readonly timeline?: readonly SettleStep[];
}

/** One read of a settle window: when it was sent (ms after the first), what came back, and why it did not count. */
export interface SettleStep {
  readonly afterMs: number;
  readonly status: number;
  readonly unsettled?: string;
}

export function toEvidence(x: Exchange, timeline?: readonly SettleStep[]): Evidence {
  const requestId = requestIdOf(x.headers, x.json);
  const gateway = gatewayAnswer(x.json)?.code;
  return {
    request: { ...x.request, body: excerpt(x.request.body) },
    response: { status: x.status, headers: x.headers, body: excerpt(x.text) },
    curl: x.curl ?? toCurl(x.request),
    ...(requestId !== undefined && { requestId }),
    ...(gateway !== undefined && { gateway }),
    ...(timeline !== undefined && timeline.length > 1 && { timeline }),
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
