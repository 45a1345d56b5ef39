import type { Behaviour } from '../behaviour.js';
import { aliasFaults } from './alias.js';
import { responseFaults } from './response.js';
import type { Fault } from './types.js';

/** Every planted fault, by name. */
export const faults: ReadonlyMap<string, Fault> = new Map(
  [...aliasFaults, ...responseFaults].map((f) => [f.name, f]),
);

export class UnknownFaultError extends Error {
  readonly code = 'KMSCT_ERR_UNKNOWN_FAULT';
  constructor(name: string) {
    super(`--fault must be one of ${[...faults.keys()].join(', ')}, but received ${JSON.stringify(name)}`);
  }
}

/** Applies the named faults in order; an unknown name throws UnknownFaultError. */
export function withFaults(base: Behaviour, names: readonly string[]): Behaviour {
  return names.reduce((behaviour, name) => {
    const fault = faults.get(name);
    if (!fault) throw new UnknownFaultError(name);
    return fault.apply(behaviour);
  }, base);
}
