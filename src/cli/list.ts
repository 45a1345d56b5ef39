import { parseArgs } from 'node:util';
import { catalogue, requirementsFor } from '../catalogue/index.js';
import { type Edition, editions } from '../catalogue/types.js';
import { deriveCases } from '../generators/derive.js';
import { faults } from '../reference/faults/index.js';
import { oneOf } from './values.js';

export const listHelp = `Usage: kms-conformance list [--edition seed|current] [--json] [--derived]

Prints the requirement catalogue: id, level per edition, title. With --edition, only that edition's.
With --derived, the cases the derivation layer draws from the edition's request schema instead: per field and
keyword, how many must be refused, accepted, or are open readings (either answer conformant).`;

/** `kms-conformance list`: the catalogue as a table or as JSON. */
export function list(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      edition: { type: 'string' },
      json: { type: 'boolean' },
      derived: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${listHelp}\n`);
    return 0;
  }
  const edition = oneOf('--edition', values.edition, editions);
  if (values.derived) return listDerived(edition ?? 'seed', values.json === true, out);
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

/** `kms-conformance list --derived`: derived cases per field and keyword, by expectation. */
function listDerived(edition: Edition, json: boolean, out: NodeJS.WritableStream): number {
  const rows = new Map<
    string,
    { field: string; family: string; refuse: number; accept: number; either: number }
  >();
  const cases = deriveCases(edition);
  for (const c of cases) {
    const key = `${c.field} ${c.family}`;
    const row = rows.get(key) ?? { field: c.field, family: c.family, refuse: 0, accept: 0, either: 0 };
    row[c.classification.expect]++;
    rows.set(key, row);
  }
  if (json) {
    out.write(`${JSON.stringify([...rows.values()], null, 2)}\n`);
    return 0;
  }
  out.write(`${'field'.padEnd(24)} ${'keyword'.padEnd(9)} refuse accept either\n`);
  for (const r of rows.values())
    out.write(
      `${r.field.padEnd(24)} ${r.family.padEnd(9)} ${String(r.refuse).padStart(6)} ${String(r.accept).padStart(6)} ${String(r.either).padStart(6)}\n`,
    );
  out.write(`${cases.length} derived cases (${edition} edition)\n`);
  return 0;
}
