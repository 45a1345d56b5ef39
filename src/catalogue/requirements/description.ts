import type { Requirement } from '../types.js';

const row = '请求参数 表3 key_description';
const sentence = 'key_description: 0 to 255 characters.';

export const descriptionRequirements: readonly Requirement[] = [
  {
    id: 'CK-DESC-LENGTH-VALID',
    family: 'description',
    title: 'descriptions of 0 and 255 characters are accepted',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S2-KEY-DESCRIPTION'],
    source: { en: sentence, seed: row },
    observation: 'key_description "" and 255 ASCII characters each get 200.',
    kind: 'schema',
    binds: [{ field: 'key_description', keywords: ['minLength', 'maxLength'], side: 'accept' }],
  },
  {
    id: 'CK-DESC-LENGTH-INVALID',
    family: 'description',
    title: 'a description of 256 characters is rejected with 400',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S2-KEY-DESCRIPTION', 'S3-400'],
    source: { en: sentence, seed: row },
    observation: 'key_description of 256 ASCII characters gets 400.',
    kind: 'schema',
    reference: { status: 400, code: 'KMS.1103' },
    binds: [{ field: 'key_description', keywords: ['minLength', 'maxLength'], side: 'refuse' }],
  },
  {
    id: 'CK-DESC-CODE-POINTS',
    family: 'description',
    title: 'description length is counted in Unicode code points',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S7-CHAR-COUNT', 'S2-KEY-DESCRIPTION'],
    source: { en: 'Open: characters as code points (the natural reading) or bytes.', seed: row },
    observation: '255 CJK characters and 255 astral characters (emoji) each get 200.',
    kind: 'schema',
    binds: [{ field: 'key_description', keywords: ['maxLength'], side: 'accept', reading: 'code-points' }],
  },
  {
    id: 'CK-DESC-TYPE',
    family: 'description',
    title: 'a key_description that is not a string is rejected with 400',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S2-KEY-DESCRIPTION', 'S3-400'],
    source: { en: 'key_description | String', seed: row },
    observation:
      'key_description as a number, an array or an object gets 400 (a server might coerce, hence SHOULD).',
    kind: 'schema',
    reference: { status: 400, code: 'KMS.1103' },
    binds: [{ field: 'key_description', keywords: ['type'], side: 'refuse' }],
  },
];
