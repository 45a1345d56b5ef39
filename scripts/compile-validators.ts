/** `npm run schemas:compile`: writes src/catalogue/generated/validators.ts from schemas/. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatorModuleSource } from '../src/catalogue/validator-source.js';

const target = fileURLToPath(new URL('../src/catalogue/generated/validators.ts', import.meta.url));
writeFileSync(target, validatorModuleSource());
process.stdout.write(`wrote ${target}\n`);
