/**
 * Differences a team has decided to accept, each with its reason: by requirement id, by a pattern of the case,
 * by the path of what differs (`$.exchanges[*].code`: `*` stands for any index), or by several at once (all
 * must match). A file:
 *   { "allowances": [ { "requirement": "CK-ALIAS-DUPLICATE", "reason": "the cloud refuses duplicates; we allow them" } ] }
 */
import { readFileSync } from 'node:fs';
import type { Difference } from './diff.js';
import { RecordingError } from './file.js';

export interface Allowance {
  readonly requirement?: string;
  /** A regular expression the case must match. */
  readonly case?: string;
  readonly path?: string;
  readonly reason: string;
}

export function readAllowances(file: string): Allowance[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new RecordingError(
      `--allow must be a readable JSON file, but ${file} could not be read: ${(error as Error).message}`,
    );
  }
  const list = (json as { allowances?: unknown } | null)?.allowances;
  if (!Array.isArray(list))
    throw new RecordingError(
      `${file} must hold {"allowances": [...]}, but received ${JSON.stringify(json).slice(0, 80)}`,
    );
  return list.map((a: unknown, i) => {
    const { requirement, case: kase, path, reason } = (a ?? {}) as Record<string, unknown>;
    const where = `${file}: allowances[${i}]`;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new RecordingError(
        `${where} must say why (a non-empty "reason"), but received ${JSON.stringify(reason)}`,
      );
    if (requirement === undefined && kase === undefined && path === undefined)
      throw new RecordingError(`${where} must name a "requirement", a "case" pattern or a "path"`);
    for (const [name, v] of [
      ['requirement', requirement],
      ['case', kase],
      ['path', path],
    ] as const)
      if (v !== undefined && typeof v !== 'string')
        throw new RecordingError(`${where}.${name} must be a string, but received ${JSON.stringify(v)}`);
    if (typeof kase === 'string')
      try {
        new RegExp(kase);
      } catch {
        throw new RecordingError(
          `${where}.case must be a regular expression, but received ${JSON.stringify(kase)}`,
        );
      }
    return {
      reason,
      ...(typeof requirement === 'string' && { requirement }),
      ...(typeof kase === 'string' && { case: kase }),
      ...(typeof path === 'string' && { path }),
    };
  });
}

/** The differences, each accepted one carrying the reason of the first allowance that accepts it. */
export function applyAllowances(
  differences: readonly Difference[],
  allowances: readonly Allowance[],
): Difference[] {
  return differences.map((d) => {
    const by = allowances.find((a) => matches(a, d));
    return by ? { ...d, allowed: by.reason } : d;
  });
}

function matches(a: Allowance, d: Difference): boolean {
  if (a.requirement !== undefined && a.requirement !== d.requirement) return false;
  if (a.case !== undefined && !new RegExp(a.case).test(d.case)) return false;
  if (a.path !== undefined && !pathPattern(a.path).test(d.path)) return false;
  return true;
}

/** A path, `[*]` standing for any index. */
function pathPattern(path: string): RegExp {
  const literal = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal.replaceAll('\\[\\*\\]', '\\[\\d+\\]')}$`);
}
