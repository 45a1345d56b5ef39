/** Writes docs/requirements.md from the catalogue (npm run docs:requirements). */
import { writeFileSync } from 'node:fs';
import { renderRequirementsDoc } from '../src/catalogue/requirements-doc.js';
import { derivedFamilies } from '../src/plan/families.js';

const target = new URL('../docs/requirements.md', import.meta.url);
writeFileSync(target, renderRequirementsDoc(derivedFamilies()));
process.stdout.write(`wrote ${target.pathname}\n`);
