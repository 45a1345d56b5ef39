import { describe, expect, it } from 'vitest';
import { compareDescribed, mismatchFindings } from '../../src/judge/described.js';

const created = {
  key_id: 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e',
  domain_id: 'b168fe00ff56492495a7d22974df2d0b',
};
const details = (over: Record<string, string> = {}) => ({
  key_info: {
    key_id: created.key_id,
    domain_id: created.domain_id,
    key_alias: 'a',
    realm: 'r',
    key_spec: 'AES_256',
    key_usage: 'ENCRYPT_DECRYPT',
    key_description: '',
    creation_date: '1',
    scheduled_deletion_date: '',
    key_state: '2',
    default_key_flag: '0',
    key_type: '1',
    expiration_time: '',
    origin: 'kms',
    key_rotation_enabled: 'false',
    sys_enterprise_project_id: '0',
    ...over,
  },
});

describe('compareDescribed', () => {
  it('a key that shows what it was made with, and the defaults, has no mismatch', () => {
    expect(compareDescribed({ key_alias: 'a' }, created, details(), 'seed')).toEqual([]);
    expect(
      compareDescribed(
        { key_alias: 'a', key_spec: 'RSA_2048' },
        created,
        details({ key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' }),
        'seed',
      ),
    ).toEqual([]);
  });

  it('each difference names the requirement it breaks', () => {
    const found = compareDescribed(
      { key_alias: 'a', key_description: 'd' },
      created,
      details({ key_spec: 'SM4', key_state: '3' }),
      'seed',
    );
    expect(found.map((m) => [m.id, m.attribute])).toEqual([
      ['CK-SPEC-DEFAULT', 'key_spec'],
      ['CK-DESCRIBE-ECHO', 'key_description'],
      ['CK-KEY-ENABLED', 'key_state'],
    ]);
    expect(
      mismatchFindings(found, 'CK-X a check', []).map((f) => [f.requirement, f.status, f.alwaysOn]),
    ).toEqual([
      ['CK-SPEC-DEFAULT', 'fail', true],
      ['CK-DESCRIBE-ECHO', 'fail', true],
      ['CK-KEY-ENABLED', 'fail', true],
    ]);
  });

  it('a body that is not a described key fails CK-DESCRIBE-ECHO', () => {
    expect(compareDescribed({ key_alias: 'a' }, created, { key_info: 'x' }, 'seed')).toMatchObject([
      { id: 'CK-DESCRIBE-ECHO', attribute: 'key_info' },
    ]);
  });
});
