/**
 * A JSON file that must be what one of our schemas says (a recording, a baseline, a report): read, parsed and
 * validated, or an error of the caller's kind saying what was expected and what was received.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { schemaFiles } from './schemas.js';

const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();

function validatorOf(schema: string): ReturnType<Ajv2020['compile']> {
  const known = compiled.get(schema);
  if (known) return known;
  // Compiled on first use, formats unchecked: these files are ours, their shape is what needs checking.
  const validate = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: false,
    logger: false,
  }).compile(schemaFiles.get(schema) ?? {});
  compiled.set(schema, validate);
  return validate;
}

export function readSchemaFile<T>(
  file: string,
  schema: string,
  what: string,
  fail: (message: string, cause?: unknown) => Error,
): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw fail(
      `${file} must be ${what} (JSON), but it could not be read: ${(error as Error).message}`,
      error,
    );
  }
  const validate = validatorOf(schema);
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw fail(
      `${file} is not ${what} of this tool: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'} (schemas/${schema})`,
    );
  }
  return json as T;
}
