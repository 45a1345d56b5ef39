import type { Requirement } from '../types.js';

const tokenRow = '请求参数 表2 X-Auth-Token';

export const authenticationRequirements: readonly Requirement[] = [
  {
    id: 'CK-AUTH-MISSING',
    family: 'authentication',
    title: 'a request without credentials is refused',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S2-X-AUTH-TOKEN', 'S3-403', 'S5-STATUS-SET'],
    source: { en: 'X-Auth-Token | required: yes; 403 authentication failed', seed: tokenRow },
    observation: 'No X-Auth-Token (and no signature) gets 403 (seed) or 401/403 (current) with the envelope.',
    kind: 'semantic',
    reference: { status: 403, code: 'KMS.0301' },
  },
  {
    id: 'CK-AUTH-EMPTY',
    family: 'authentication',
    title: 'an empty X-Auth-Token is refused',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S2-X-AUTH-TOKEN', 'S3-403'],
    source: { en: 'X-Auth-Token | required: yes; 403 authentication failed', seed: tokenRow },
    observation: 'X-Auth-Token "" gets 403 (seed) or 401/403 (current) with the envelope.',
    kind: 'semantic',
    reference: { status: 403, code: 'KMS.0301' },
  },
  {
    id: 'CK-AUTH-INVALID',
    family: 'authentication',
    title: 'an unknown X-Auth-Token is refused',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S2-X-AUTH-TOKEN', 'S3-403'],
    source: { en: 'X-Auth-Token: user token from IAM; 403 authentication failed', seed: tokenRow },
    observation: 'A well-formed token that IAM never issued gets 403 (seed) or 401/403 (current).',
    kind: 'semantic',
    reference: { status: 403, code: 'KMS.0302' },
  },
  {
    id: 'CK-AUTH-OTHER-PROJECT',
    family: 'authentication',
    title: 'credentials of one project cannot create keys in another',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S7-IMPLIED-PROJECT', 'S2-PROJECT-ID'],
    source: {
      en: 'Strongly implied: a token scoped to one project cannot create keys in another.',
      seed: 'URI 表1',
    },
    observation:
      "The run's credentials against another project_id in the URL get 403 (or 401 in the current edition).",
    kind: 'semantic',
    reference: { status: 403, code: 'KMS.0321' },
  },
  {
    id: 'CK-AUTH-SIGNATURE',
    family: 'authentication',
    title: 'an AK/SK request with a wrong signature or a changed body is refused',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S6-AKSK'],
    source: { en: 'The official SDKs sign requests with AK/SK (SDK-HMAC-SHA256).', seed: '-' },
    observation:
      'A tampered signature, a body changed after signing and a stale X-Sdk-Date each get 401 or 403.',
    kind: 'semantic',
    reference: { status: 403, code: 'KMS.0302' },
    needs: ['aksk'],
  },
];
