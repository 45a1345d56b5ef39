import { KmsctError } from '../../errors.js';
import type { Behaviour } from '../behaviour.js';
import { combinationFaults } from './combination-faults.js';
import { derivationFaults } from './derivation-faults.js';
import { requestFaults } from './request-faults.js';
import { responseFaults } from './response-faults.js';
import type { Fault } from './types.js';
import { variants } from './variants.js';

/** Every planted fault and conformant variant, by name. */
export const faults: ReadonlyMap<string, Fault> = new Map(
  [...requestFaults, ...derivationFaults, ...combinationFaults, ...responseFaults, ...variants].map((f) => [
    f.name,
    f,
  ]),
);

export class UnknownFaultError extends KmsctError {
  override name = 'UnknownFaultError';
  constructor(name: string) {
    super(
      'KMSCT_ERR_UNKNOWN_FAULT',
      `--fault must be one of ${[...faults.keys()].join(', ')}, but received ${JSON.stringify(name)}`,
    );
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
