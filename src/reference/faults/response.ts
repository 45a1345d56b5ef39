import type { Fault } from './types.js';

export const responseFaults: readonly Fault[] = [
  {
    name: 'missing-domain-id',
    summary: 'the 200 body omits key_info.domain_id',
    trips: [{ id: 'CK-RESP-SCHEMA', level: 'MUST' }],
    apply: (base) => ({ ...base, createdBody: (details) => ({ key_info: { key_id: details.key_id } }) }),
  },
  {
    name: 'reused-key-id',
    summary: 'every key gets the same key_id',
    trips: [
      { id: 'CK-KEY-ID-UNIQUE', level: 'MUST' },
      { id: 'CK-CONCURRENT-DISTINCT-IDS', level: 'MUST' },
    ],
    apply: (base) => ({
      ...base,
      createdBody: (details) => ({
        key_info: { key_id: '00000000-0000-4000-8000-000000000000', domain_id: details.domain_id },
      }),
    }),
  },
  {
    name: 'flat-error-body',
    summary: 'errors use the flat gateway shape instead of the KMS envelope',
    trips: [{ id: 'CK-ERROR-ENVELOPE', level: 'MUST' }],
    apply: (base) => ({
      ...base,
      error: (rejection) =>
        base.reply(rejection.status, { error_code: rejection.code, error_msg: rejection.message }),
    }),
  },
];
