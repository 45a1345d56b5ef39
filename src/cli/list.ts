import { parseArgs } from 'node:util';
import { faults } from '../reference/faults/index.js';
import { catalogue, requirementsFor } from '../spec/catalogue/index.js';
import { editions } from '../spec/types.js';
import { oneOf } from './values.js';

export const listHelp = `Usage: kms-conformance list [--edition seed|current] [--json]

Prints the requirement catalogue: id, level per edition, title. With --edition, only that edition's.`;

/** `kms-conformance list`: the catalogue as a table or as JSON. */
export function list(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      edition: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${listHelp}\n`);
    return 0;
  }
  const edition = oneOf('--edition', values.edition, editions);
  const reqs = edition ? requirementsFor(edition) : catalogue;
  if (values.json) {
    out.write(`${JSON.stringify(reqs, null, 2)}\n`);
    return 0;
  }
  out.write(`${'id'.padEnd(32)} ${'seed'.padEnd(6)} ${'current'.padEnd(7)} title\n`);
  for (const r of reqs)
    out.write(
      `${r.id.padEnd(32)} ${(r.levels.seed ?? '-').padEnd(6)} ${(r.levels.current ?? '-').padEnd(7)} ${r.title}\n`,
    );
  out.write(`${reqs.length} requirements\n`);
  return 0;
}

/** `kms-conformance faults`: the planted faults of the reference and the requirements each must trip. */
export function listFaults(out: NodeJS.WritableStream): number {
  for (const f of faults.values())
    out.write(
      `${f.name.padEnd(34)} ${f.trips.map((t) => `${t.id} (${t.level})`).join(', ')}\n${''.padEnd(35)}${f.summary}\n`,
    );
  return 0;
}
