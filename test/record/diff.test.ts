import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/findings/finding.js';
import { applyAllowances, readAllowances } from '../../src/record/allowances.js';
import { diffRecordings } from '../../src/record/diff.js';
import type { RecordedCase, RecordedExchange, Recording } from '../../src/record/format.js';
import { recordingOf } from '../support/recordings.js';

const exchange = (
  status: number,
  response: unknown,
  over: Partial<RecordedExchange> = {},
): RecordedExchange => ({
  operation: 'create-key',
  method: 'POST',
  path: '/v1.0/<project-id>/kms/create-key',
  auth: 'token',
  request: { key_alias: '<alias:1>' },
  status,
  class: status === 200 ? 'key-info' : 'error-envelope',
  headers: { 'content-type': 'application/json' },
  response,
  ...over,
});
const refusal = (code: string) => exchange(400, { error: { error_code: code, error_msg: 'm' } }, { code });
const kase = (
  requirement: string,
  name: string,
  status: RecordedCase['status'],
  exchanges: RecordedExchange[],
) => ({
  requirement,
  case: name,
  fingerprint: fingerprintOf(requirement, name),
  ...(status && { status }),
  exchanges,
});
const recording = (cases: RecordedCase[], over: Partial<Recording> = {}): Recording =>
  recordingOf(cases, {
    requirements: Object.fromEntries(
      cases.flatMap((c) => (c.status !== undefined ? [[c.requirement, c.status] as const] : [])),
    ),
    ...over,
  });

describe('diff of two recordings', () => {
  it('a rule one side breaks is a deviation; the numbers of placeholders are no difference', () => {
    const a = recording([kase('CK-ALIAS-LENGTH-INVALID', '256 characters', 'pass', [refusal('KMS.1101')])]);
    const b = recording([
      kase('CK-ALIAS-LENGTH-INVALID', '256 characters', 'fail', [
        exchange(200, { key_info: { key_id: '<key-id:7>', domain_id: '<domain-id:1>' } }),
      ]),
    ]);
    const d = diffRecordings(a, b).differences;
    expect(d.map((x) => [x.path, x.kind])).toEqual([
      ['$.requirements', 'deviation'],
      ['$.status', 'deviation'],
      ['$.exchanges[0].status', 'deviation'],
      ['$.exchanges[0].code', 'deviation'],
      ['$.exchanges[0].class', 'deviation'],
    ]);
    const renumbered = recording([
      kase('X', 'c', 'pass', [exchange(200, { key_info: { key_id: '<key-id:3>' } })]),
    ]);
    const again = recording([
      kase('X', 'c', 'pass', [exchange(200, { key_info: { key_id: '<key-id:9>' } })]),
    ]);
    expect(diffRecordings(renumbered, again).differences).toEqual([]);
    // The end of the run follows from the cases: one key more to clean up is no difference of its own.
    const ends = (n: number) =>
      recording([
        kase(
          'run-end',
          'clean-up',
          undefined,
          Array.from({ length: n }, () => refusal('KMS.0201')),
        ),
      ]);
    expect(diffRecordings(ends(2), ends(3)).differences).toEqual([]);
  });

  it('another error code, or another side of §7, where both keep the rules: readings; anything else a detail', () => {
    const a = recording(
      [
        kase('CK-ALIAS-REQUIRED', 'left out', 'pass', [refusal('KMS.0204')]),
        kase('CK-ALIAS-DUPLICATE', 'a second create', 'pass', [refusal('KMS.1104')]),
        kase('key-phase', 'P1', undefined, [refusal('KMS.1101')]),
      ],
      { readings: { 'S7-DUPLICATE-ALIAS': ['refused (400 KMS.1104)'] } },
    );
    const b = recording(
      [
        kase('CK-ALIAS-REQUIRED', 'left out', 'pass', [refusal('KMS.0308')]),
        kase('CK-ALIAS-DUPLICATE', 'a second create', 'fail', [exchange(200, { key_info: {} })]),
        kase('key-phase', 'P1', undefined, [refusal('KMS.1101'), refusal('KMS.1101')]),
      ],
      { readings: { 'S7-DUPLICATE-ALIAS': ['accepted (200)'] } },
    );
    const d = diffRecordings(a, b).differences;
    const kindOf = (requirement: string, path: string) =>
      d.find((x) => x.requirement === requirement && x.path === path)?.kind;
    expect(kindOf('CK-ALIAS-REQUIRED', '$.exchanges[0].code')).toBe('reading');
    // §7 leaves duplicate aliases open: even its SHOULD failing is a reading, never a deviation.
    expect(kindOf('CK-ALIAS-DUPLICATE', '$.requirements')).toBe('reading');
    expect(kindOf('CK-ALIAS-DUPLICATE', '$.status')).toBe('reading');
    expect(kindOf('CK-ALIAS-DUPLICATE', '$.readings.S7-DUPLICATE-ALIAS')).toBe('reading');
    expect(kindOf('key-phase', '$.exchanges[1]')).toBe('detail');
    expect(d.filter((x) => x.kind === 'deviation')).toEqual([]);
  });

  it('allowances accept differences by requirement, case pattern or path, each with its reason', () => {
    const a = recording([kase('CK-ALIAS-REQUIRED', 'left out', 'pass', [refusal('KMS.0204')])]);
    const b = recording([kase('CK-ALIAS-REQUIRED', 'left out', 'pass', [refusal('KMS.0308')])]);
    const d = diffRecordings(a, b).differences;
    const dir = mkdtempSync(join(tmpdir(), 'kmsct-allow-'));
    const file = (content: unknown) => {
      const f = join(dir, `${Math.random()}.json`);
      writeFileSync(f, JSON.stringify(content));
      return f;
    };
    const byPath = readAllowances(
      file({ allowances: [{ path: '$.exchanges[*].code', reason: 'our codes differ' }] }),
    );
    expect(applyAllowances(d, byPath).map((x) => x.allowed)).toEqual(['our codes differ']);
    const elsewhere = readAllowances(
      file({ allowances: [{ requirement: 'CK-OTHER', case: 'left', reason: 'x' }] }),
    );
    expect(applyAllowances(d, elsewhere).map((x) => x.allowed)).toEqual([undefined]);
    expect(() => readAllowances(file({ allowances: [{ requirement: 'CK-ALIAS-REQUIRED' }] }))).toThrow(
      'must say why (a non-empty "reason"), but received undefined',
    );
    expect(() => readAllowances(file({ allowances: [{ reason: 'x' }] }))).toThrow(
      'must name a "requirement", a "case" pattern or a "path"',
    );
    expect(() => readAllowances(file([]))).toThrow('must hold {"allowances": [...]}');
  });
});
