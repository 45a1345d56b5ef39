/**
 * Two recordings compared case by case (src/record/format.ts): the status, error code and body class of each
 * exchange, the attributes a described key showed, each requirement's status, and the readings of §7. Every
 * difference is classed from facts the recordings hold:
 * - `deviation`: one side fails (or errs on) what the other passes: a rule one of them breaks;
 * - `reading`: both keep the rules, and they took different sides of what §7 leaves open (an error code, a
 *   question of §7);
 * - `detail`: both keep the rules, and they differ where no rule looks (a phase of the run, an extra exchange).
 * Values of the run are compared by kind only (`<key-id:3>` and `<key-id:5>` are both a key id).
 */
import { catalogue } from '../catalogue/index.js';
import type { Edition } from '../catalogue/types.js';
import type { Status } from '../findings/finding.js';
import type { RecordedCase, RecordedExchange, Recording } from './format.js';

export type DifferenceKind = 'deviation' | 'reading' | 'detail';

export interface Difference {
  /** A requirement id, or a phase of the run. */
  readonly requirement: string;
  readonly case: string;
  readonly fingerprint: string;
  /** What differs, as a path: `$.requirements`, `$.status`, `$.exchanges[1].code`, `$.readings.S7-SEQUENCE`... */
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly a: unknown;
  readonly b: unknown;
  /** The exchanges that differ, side by side. */
  readonly exchanges?: { readonly a?: RecordedExchange; readonly b?: RecordedExchange };
  /** The reason of the allowance that accepts it (src/record/allowances.ts). */
  readonly allowed?: string;
}

export interface Side {
  readonly target: string;
  readonly recordedOn: string;
  readonly seed: number;
  readonly edition: string;
  readonly verdict: string;
}

export interface DiffResult {
  readonly a: Side;
  readonly b: Side;
  readonly differences: readonly Difference[];
}

/** Requirements that observe a reading §7 leaves open (a spec row S7-…, not one the seed implies). */
const openRequirements = new Set(
  catalogue
    .filter((r) => r.rows.some((row) => row.startsWith('S7-') && !row.startsWith('S7-IMPLIED')))
    .map((r) => r.id),
);
const failing = new Set<Status | undefined>(['fail', 'error']);

/** Values of a run compare by kind: the numbers of placeholders are the file's, not the target's. */
const generic = (value: unknown): string => JSON.stringify(value ?? null).replace(/<([a-z-]+):\d+>/g, '<$1>');

export function diffRecordings(a: Recording, b: Recording): DiffResult {
  const out: Difference[] = [];
  for (const id of [...new Set([...Object.keys(a.requirements), ...Object.keys(b.requirements)])].sort()) {
    const [sa, sb] = [a.requirements[id], b.requirements[id]];
    if (sa === sb) continue;
    out.push({
      requirement: id,
      case: '(the requirement)',
      fingerprint: '',
      path: '$.requirements',
      kind: statusKind(id, sa, sb, a.edition),
      a: sa ?? null,
      b: sb ?? null,
    });
  }
  const byA = new Map(compared(a).map((c) => [c.fingerprint, c]));
  const byB = new Map(compared(b).map((c) => [c.fingerprint, c]));
  const fingerprints = [...new Set([...byA.keys(), ...byB.keys()])];
  const order = new Map([...a.cases, ...b.cases].map((c) => [c.fingerprint, `${c.requirement}\n${c.case}`]));
  fingerprints.sort((x, y) => ((order.get(x) ?? '') < (order.get(y) ?? '') ? -1 : 1));
  for (const fp of fingerprints) out.push(...caseDifferences(byA.get(fp), byB.get(fp), a.edition));
  out.push(...readingDifferences(a, b));
  return { a: sideOf(a), b: sideOf(b), differences: out };
}

/**
 * The cases compared: not the end of the run, whose look-up and clean-up follow from the keys the cases before
 * made (a target that accepts one key more has one more to delete); a replay answers them all the same.
 */
const compared = (r: Recording) => r.cases.filter((c) => c.requirement !== 'run-end');

function caseDifferences(
  a: RecordedCase | undefined,
  b: RecordedCase | undefined,
  edition: Edition,
): Difference[] {
  const any = (a ?? b) as RecordedCase;
  const base = { requirement: any.requirement, case: any.case, fingerprint: any.fingerprint };
  if (a === undefined || b === undefined)
    return [
      {
        ...base,
        path: '$',
        kind: 'detail',
        a: a ? `${a.exchanges.length} exchange(s)` : null,
        b: b ? `${b.exchanges.length} exchange(s)` : null,
      },
    ];
  const out: Difference[] = [];
  const statuses = statusKind(a.requirement, a.status, b.status, edition);
  const deviation = statuses === 'deviation';
  if (a.status !== b.status)
    out.push({ ...base, path: '$.status', kind: statuses, a: a.status, b: b.status });
  // Within a case that deviates, what the exchanges show is the evidence of it; elsewhere, a reading or a detail.
  const kindOf = (path: string): DifferenceKind =>
    deviation
      ? 'deviation'
      : path.endsWith('.code') || openRequirements.has(a.requirement)
        ? 'reading'
        : 'detail';
  const n = Math.max(a.exchanges.length, b.exchanges.length);
  for (let i = 0; i < n; i++) {
    const [xa, xb] = [a.exchanges[i], b.exchanges[i]];
    const at = `$.exchanges[${i}]`;
    if (xa === undefined || xb === undefined) {
      out.push({
        ...base,
        path: at,
        kind: kindOf(at),
        a: xa?.operation ?? null,
        b: xb?.operation ?? null,
        exchanges: pair(xa, xb),
      });
      continue;
    }
    for (const field of ['status', 'code', 'class'] as const)
      if (xa[field] !== xb[field])
        out.push({
          ...base,
          path: `${at}.${field}`,
          kind: kindOf(`${at}.${field}`),
          a: xa[field] ?? null,
          b: xb[field] ?? null,
          exchanges: { a: xa, b: xb },
        });
    if (xa.class === 'key-details' && xb.class === 'key-details')
      for (const attr of attributes(xa, xb)) {
        const [va, vb] = [keyInfo(xa)[attr], keyInfo(xb)[attr]];
        if (generic(va) !== generic(vb))
          out.push({
            ...base,
            path: `${at}.response.key_info.${attr}`,
            kind: kindOf(attr),
            a: va ?? null,
            b: vb ?? null,
            exchanges: { a: xa, b: xb },
          });
      }
  }
  return out;
}

/**
 * A status that differs: a deviation when one side fails (or errs) where the other does not; but a SHOULD or MAY
 * warning on a requirement that observes what §7 leaves open is a reading (the suite recommends one side, and
 * never fails the other). Any other change (a skip, say) is a detail, or a reading there.
 */
function statusKind(
  requirement: string,
  a: Status | undefined,
  b: Status | undefined,
  edition: Edition,
): DifferenceKind {
  const open = openRequirements.has(requirement);
  if (failing.has(a) === failing.has(b)) return open ? 'reading' : 'detail';
  const warning = [a, b].includes('fail') && ![a, b].includes('error');
  return open && warning && levelOf(requirement, edition) !== 'MUST' ? 'reading' : 'deviation';
}

const levelOf = (id: string, edition: Edition) => catalogue.find((r) => r.id === id)?.levels[edition];

function readingDifferences(a: Recording, b: Recording): Difference[] {
  const rows = [...new Set([...Object.keys(a.readings), ...Object.keys(b.readings)])].sort();
  return rows.flatMap((row) => {
    const [ra, rb] = [a.readings[row] ?? [], b.readings[row] ?? []];
    if (generic(ra) === generic(rb)) return [];
    const requirement = catalogue.find((r) => r.rows.includes(row))?.id ?? row;
    return [
      {
        requirement,
        case: `§7 ${row}`,
        fingerprint: '',
        path: `$.readings.${row}`,
        kind: 'reading' as const,
        a: ra,
        b: rb,
      },
    ];
  });
}

const keyInfo = (x: RecordedExchange) =>
  ((x.response as { key_info?: Record<string, unknown> } | undefined)?.key_info ?? {}) as Record<
    string,
    unknown
  >;
const attributes = (a: RecordedExchange, b: RecordedExchange) =>
  [...new Set([...Object.keys(keyInfo(a)), ...Object.keys(keyInfo(b))])].sort();
const pair = (a?: RecordedExchange, b?: RecordedExchange) => ({ ...(a && { a }), ...(b && { b }) });

const sideOf = (r: Recording): Side => ({
  target: r.target,
  recordedOn: r.recordedOn,
  seed: r.seed,
  edition: r.edition,
  verdict: r.verdict,
});
