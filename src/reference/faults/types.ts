import type { Level } from '../../catalogue/types.js';
import type { Behaviour } from '../behaviour.js';

/**
 * Something planted in the reference: a small change to one behaviour.
 * - a `fault` breaks one documented rule; `trips` names the requirements a run must then fail;
 * - a `variant` takes the other side of an open reading (create-key.md §7) or differs harmlessly;
 *   a run must still be conformant (`trips` is empty).
 */
export interface Fault {
  readonly name: string;
  readonly kind: 'fault' | 'variant';
  readonly summary: string;
  readonly trips: readonly { readonly id: string; readonly level: Level }[];
  /** It is about the wire (connections, header casing): the gallery serves it on a socket, never in process. */
  readonly wire?: true;
  /**
   * A variant's documented deviations (seed edition): requirements a run must fail, each on an answer of the
   * API gateway in front of it, and no others.
   */
  readonly deviations?: readonly string[];
  /** The run profiles the gallery checks it in: the live one (the default), and the CLI's defaults. */
  readonly profiles?: readonly ('live' | 'default')[];
  apply(base: Behaviour): Behaviour;
}
