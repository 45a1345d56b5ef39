/** Writes docs/requirements.md from the catalogue (npm run docs:requirements). */
import { writeFileSync } from 'node:fs';
import { renderRequirementsDoc } from '../src/spec/requirements-doc.js';

const target = new URL('../docs/requirements.md', import.meta.url);
writeFileSync(target, renderRequirementsDoc());
process.stdout.write(`wrote ${target.pathname}\n`);
