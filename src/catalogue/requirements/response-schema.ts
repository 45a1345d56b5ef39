import type { Requirement } from '../types.js';

export const responseSchemaRequirements: readonly Requirement[] = [
  {
    id: 'CK-RESP-SCHEMA',
    family: 'response-schema',
    title: 'every 200 body matches the key_info schema',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-200', 'S5-NOT-REQUIRED'],
    source: { en: '200: {"key_info": {"key_id": String, "domain_id": String}}', seed: '表4 表5 KeKInfo' },
    observation:
      'Every 200 body of the run is JSON matching create-key-response.schema.json; extra fields are allowed.',
    kind: 'schema',
  },
  {
    id: 'CK-RESP-KEY-ID-FORMAT',
    family: 'response-schema',
    title: 'key_id has the documented 36-character form',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S3-ID-FORMATS'],
    source: {
      en: 'A key ID is 36 bytes matching ^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$.',
      seed: '-',
    },
    observation: 'Every key_id matches common.schema.json#/$defs/keyId.',
    kind: 'schema',
  },
  {
    id: 'CK-RESP-DOMAIN-ID-FORMAT',
    family: 'response-schema',
    title: 'domain_id has the form of the documented examples',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S3-ID-FORMATS'],
    source: { en: 'In the examples a domain ID is 32 lowercase hex characters.', seed: '响应示例' },
    observation: 'Every domain_id matches common.schema.json#/$defs/domainId.',
    kind: 'schema',
  },
];
