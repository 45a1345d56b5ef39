import type { Level } from '../../spec/types.js';
import type { Behaviour } from '../behaviour.js';

/**
 * A planted fault: a small change to one behaviour of the reference that breaks one documented rule.
 * `trips` names the requirements a conformance run must fail because of it.
 */
export interface Fault {
  readonly name: string;
  readonly summary: string;
  readonly trips: readonly { readonly id: string; readonly level: Level }[];
  apply(base: Behaviour): Behaviour;
}
