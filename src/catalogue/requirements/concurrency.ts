import type { Requirement } from '../types.js';

export const concurrencyRequirements: readonly Requirement[] = [
  {
    id: 'CK-CONCURRENT-DISTINCT-IDS',
    family: 'concurrency',
    title: 'parallel creates return distinct key_ids',
    levels: { seed: 'MUST', current: 'MUST' },
    rows: ['S3-200'],
    source: { en: 'key_id = the key ID: it names one key.', seed: '表5 KeKInfo' },
    observation: 'N creates in parallel, with N aliases, get N responses of 200 with N distinct key_ids.',
    kind: 'semantic',
  },
  {
    id: 'CK-CONCURRENT-ALIAS-ONCE',
    family: 'concurrency',
    title: 'parallel creates of one alias create it at most once',
    levels: { seed: 'SHOULD', current: 'SHOULD' },
    rows: ['S7-DUPLICATE-ALIAS'],
    source: {
      en: 'Open: duplicate aliases; a target that rejects them must do so under load too.',
      seed: '-',
    },
    observation:
      'Where the target rejects duplicate aliases, N parallel creates of one alias get exactly one 200.',
    kind: 'semantic',
  },
];
