import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderRequirementsDoc } from '../src/catalogue/requirements-doc.js';
import { derivedFamilies } from '../src/plan/families.js';

it('docs/requirements.md matches the catalogue (run `npm run docs:requirements` when this fails)', () => {
  const committed = readFileSync(new URL('../docs/requirements.md', import.meta.url), 'utf8');
  expect(committed).toBe(renderRequirementsDoc(derivedFamilies()));
});
