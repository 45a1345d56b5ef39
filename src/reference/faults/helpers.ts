import type { Level } from '../../catalogue/types.js';
import type { Behaviour } from '../behaviour.js';
import type { Rejection } from '../types.js';
import type { Fault } from './types.js';

export type Body = Record<string, unknown>;

export const asBody = (b: unknown): Body | undefined =>
  typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Body) : undefined;

/** A fault that breaks the rules it names. */
export function fault(
  name: string,
  summary: string,
  trips: readonly [string, Level][],
  apply: (base: Behaviour) => Behaviour,
): Fault {
  return { name, kind: 'fault', summary, trips: trips.map(([id, level]) => ({ id, level })), apply };
}

/** A conformant variant: another reading of an open rule, or a harmless difference (`wire`: on the wire). */
export function variant(
  name: string,
  summary: string,
  apply: (base: Behaviour) => Behaviour,
  options: { readonly wire?: true } = {},
): Fault {
  return { name, kind: 'variant', summary, trips: [], apply, ...options };
}

/** The fault's misreading: the body is validated as if it were `transform(body)` (undefined keeps it). */
export function validateAs(transform: (body: Body) => Body | undefined): (base: Behaviour) => Behaviour {
  return (base) => ({
    ...base,
    validateCreateKey(body) {
      const b = asBody(body);
      return base.validateCreateKey((b && transform(b)) ?? body);
    },
  });
}

/**
 * A server that normalises: the body becomes `transform(body)` (undefined keeps it) before it is validated
 * and stored, as a server that coerces types, trims or folds case does.
 */
export function normaliseAs(transform: (body: Body) => Body | undefined): (base: Behaviour) => Behaviour {
  return (base) => ({
    ...validateAs(transform)(base),
    createKey(request, projectId, now) {
      const normalised = transform({ ...request }) ?? request;
      return base.createKey.call(this, normalised as unknown as typeof request, projectId, now);
    },
  });
}

/** Refuses bodies the spec allows. */
export function refuseWhen(
  when: (body: Body) => boolean,
  rejection: Rejection,
): (base: Behaviour) => Behaviour {
  return (base) => ({
    ...base,
    validateCreateKey(body) {
      const b = asBody(body);
      return b && when(b) ? rejection : base.validateCreateKey(body);
    },
  });
}

/** Changes what is stored for a valid request (defaults, state) without changing validation. */
export function createAs(transform: (body: Body) => Body): (base: Behaviour) => Behaviour {
  return (base) => ({
    ...base,
    createKey(request, projectId, now) {
      return base.createKey.call(
        this,
        transform({ ...request }) as unknown as typeof request,
        projectId,
        now,
      );
    },
  });
}

/** Rewrites every reply (status, headers or body). */
export function rewriteReply(
  rewrite: (
    status: number,
    body: unknown,
  ) => { status?: number; body?: unknown; headers?: Record<string, string> },
): (base: Behaviour) => Behaviour {
  return (base) => ({
    ...base,
    reply(status, body) {
      const r = rewrite(status, body);
      const reply = base.reply(r.status ?? status, r.body ?? body);
      return r.headers ? { ...reply, headers: { ...reply.headers, ...r.headers } } : reply;
    },
  });
}

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
