import fc from 'fast-check';
import type { CreateKeyRequest, KeySpec, KeyUsage } from '../spec/api-types.js';
import { keySpecs, symmetricKeySpecs } from '../spec/schemas.js';
import type { Edition } from '../spec/types.js';
import { validAlias } from './alias.js';

const isSymmetric = (spec: string) => symmetricKeySpecs.includes(spec);

/** The usage a key spec gets when none is given (create-key.md §2 key_usage). */
export const defaultUsage = (spec: string): KeyUsage =>
  isSymmetric(spec) ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY';

/**
 * key_spec × key_usage × origin cells that every implementation must accept in an edition: each spec with
 * its class's usage (given or defaulted), origin kms, and origin external for AES_256. Cells the spec leaves
 * open (RSA/SM2/EC with ENCRYPT_DECRYPT; external with other specs in the current edition) are not here.
 */
export function mustAcceptCells(_edition: Edition): readonly Omit<CreateKeyRequest, 'key_alias'>[] {
  const cells: Omit<CreateKeyRequest, 'key_alias'>[] = [];
  for (const spec of keySpecs as readonly KeySpec[]) {
    cells.push({ key_spec: spec });
    cells.push({ key_spec: spec, key_usage: defaultUsage(spec) });
    cells.push({ key_spec: spec, origin: 'kms' });
  }
  cells.push({ origin: 'external' }, { key_spec: 'AES_256', origin: 'external' });
  return cells;
}

export interface RequestConstraints {
  readonly prefix: string;
  readonly edition: Edition;
}

/** Valid create-key bodies: any must-accept cell, optional description and sequence. */
export function validCreateKeyRequest({
  prefix,
  edition,
}: RequestConstraints): fc.Arbitrary<CreateKeyRequest> {
  return fc
    .record(
      {
        key_alias: validAlias({ prefix, maxLength: 64 }),
        cell: fc.constantFrom(...mustAcceptCells(edition)),
        key_description: fc.string({ maxLength: 255, unit: 'grapheme-ascii' }),
        sequence: fc.uuid({ version: 4 }),
      },
      { requiredKeys: ['key_alias', 'cell'] },
    )
    .map(({ cell, ...rest }) => ({ ...rest, ...cell }));
}
