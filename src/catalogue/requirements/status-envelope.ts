import type { Requirement } from '../types.js';

export const statusEnvelopeRequirements: readonly Requirement[] = [
  {
    id: 'CK-CREATE-MINIMAL',
    family: 'status-envelope',
    title: 'the seed example request creates a key',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: [
      'S2-REQUEST-LINE',
      'S2-PROJECT-ID',
      'S2-X-AUTH-TOKEN',
      'S2-ENTERPRISE-PROJECT-ID',
      'S3-200',
      'S3-EXAMPLES',
    ],
    source: {
      en: 'POST /v1.0/{project_id}/kms/create-key with {"key_alias": "test"} → 200',
      seed: '请求示例 响应示例',
    },
    observation:
      'A body with only a fresh key_alias gets 200 and a key_info body: every optional field, enterprise_project_id included, may be omitted.',
    kind: 'schema',
  },
  {
    id: 'CK-STATUS-DOCUMENTED',
    family: 'status-envelope',
    title: 'every response status is one the edition documents',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-STATUS-SET', 'S5-STATUS-SET'],
    source: { en: 'Seed statuses 200, 400, 403; current adds 401, 404, 500, 502, 504.', seed: '状态码' },
    observation: 'No response of the run has another status (429 is retried and recorded, never judged).',
    kind: 'semantic',
  },
  {
    id: 'CK-ERROR-ENVELOPE',
    family: 'status-envelope',
    title: 'every error response carries the error envelope',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-400', 'S3-403'],
    source: {
      en: '400 and 403 bodies: {"error": {"error_code": String, "error_msg": String}}',
      seed: '表6-表9 ErrorDetail',
    },
    observation: 'Every 4xx/5xx body of the run is JSON matching error-envelope.schema.json.',
    kind: 'schema',
  },
  {
    id: 'CK-ERROR-CODE-FORMAT',
    family: 'status-envelope',
    title: 'error codes have the form KMS.NNNN',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S4-ERROR-CODES'],
    source: { en: 'Codes of the form KMS.NNNN (error-code page).', seed: '错误码' },
    observation: 'Every error_code matches ^KMS\\.[0-9]{4}$ (or APIGW.NNNN for gateway answers).',
    kind: 'semantic',
  },
  {
    id: 'CK-ERROR-CODE-OBSERVED',
    family: 'status-envelope',
    title: 'the error code for each fault is reported',
    levels: { seed: 'MAY', current: 'MAY' },
    rows: ['S7-ERROR-CODE', 'S4-ERROR-CODES'],
    source: { en: 'Open: the exact error_code for each fault and the language of error_msg.', seed: '-' },
    observation:
      "Each rejection's error_code is recorded and compared with the §4 table; a different code is a note, never a failure.",
    kind: 'semantic',
  },
  {
    id: 'CK-CONTENT-TYPE',
    family: 'status-envelope',
    title: 'responses are declared as application/json',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S7-CONTENT-TYPE'],
    source: { en: 'Open: exact wording of Content-Type (with or without charset).', seed: '-' },
    observation:
      'Every response with a body has a Content-Type whose media type is application/json, any parameters.',
    kind: 'semantic',
  },
];
