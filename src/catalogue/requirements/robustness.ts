import type { Requirement } from '../types.js';

export const robustnessRequirements: readonly Requirement[] = [
  {
    id: 'CK-ROBUST-MALFORMED-JSON',
    family: 'robustness',
    title: 'a body that is not JSON is rejected with 400',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-400'],
    source: { en: '400: request parameters are wrong', seed: '状态码' },
    observation:
      'Truncated JSON, a trailing comma, single quotes and an empty body each get 400 with the envelope.',
    kind: 'semantic',
    reference: { status: 400, code: 'KMS.0202' },
  },
  {
    id: 'CK-ROBUST-NOT-AN-OBJECT',
    family: 'robustness',
    title: 'a JSON body that is not an object is rejected with 400',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-400'],
    source: { en: '400: request parameters are wrong', seed: '状态码' },
    observation: 'The bodies null, [], "test" and 42 each get 400 with the envelope.',
    kind: 'schema',
    reference: { status: 400, code: 'KMS.0202' },
    binds: [{ field: '(body)', keywords: ['type'], side: 'refuse' }],
  },
  {
    id: 'CK-ROBUST-NO-SERVER-ERROR',
    family: 'robustness',
    title: 'no generated input causes a server error',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-STATUS-SET', 'S3-400'],
    source: { en: 'Wrong parameters are answered with 400.', seed: '状态码' },
    observation: 'Seeded random bodies (valid and one-rule-broken) never get a 5xx or a dropped connection.',
    kind: 'semantic',
  },
  {
    id: 'CK-ROBUST-LARGE-BODY',
    family: 'robustness',
    title: 'a very large body gets a documented answer',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S7-BODY-LIMIT'],
    source: { en: 'Open: the body-size limit.', seed: '-' },
    observation: 'A valid body padded with 1 MiB of whitespace gets 200 or 400 with the envelope, promptly.',
    kind: 'semantic',
    reference: { status: 400, code: 'KMS.0203' },
  },
];
