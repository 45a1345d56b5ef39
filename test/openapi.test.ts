import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const file = fileURLToPath(new URL('../schemas/openapi.yaml', import.meta.url));

describe('schemas/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document, with every external schema resolved', async () => {
    const result = await validate(file);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  });

  it('documents every status of both editions for create-key, and the X-Auth-Token header', () => {
    const doc = parse(readFileSync(file, 'utf8'));
    const op = doc.paths['/v1.0/{project_id}/kms/create-key'].post;
    expect(Object.keys(op.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '500',
      '502',
      '504',
    ]);
    expect(doc.components.parameters.authToken).toMatchObject({
      name: 'X-Auth-Token',
      in: 'header',
      required: true,
    });
  });

  it('covers the five operations', () => {
    const doc = parse(readFileSync(file, 'utf8'));
    const ops = Object.keys(doc.paths).map((p) => p.split('/').pop());
    expect(ops).toEqual([
      'create-key',
      'describe-key',
      'list-keys',
      'schedule-key-deletion',
      'cancel-key-deletion',
    ]);
  });
});
