/** `npm run schemas:compile`: writes src/spec/generated/validators.ts from schemas/. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatorModuleSource } from '../src/spec/validator-source.js';

const target = fileURLToPath(new URL('../src/spec/generated/validators.ts', import.meta.url));
writeFileSync(target, validatorModuleSource());
process.stdout.write(`wrote ${target}\n`);
