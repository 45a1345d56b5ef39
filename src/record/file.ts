/** Recordings on disk: written redacted, read back only if they are what schemas/recording.schema.json says. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { schemaFiles } from '../catalogue/schemas.js';
import { KmsctError } from '../errors.js';
import type { Redactor } from '../transport/redact.js';
import type { Recording } from './format.js';

export class RecordingError extends KmsctError {
  override name = 'RecordingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('KMSCT_ERR_RECORDING', message, options);
  }
}

/** One JSON document, two-space indented, every secret of the run redacted once more. */
export function writeRecording(file: string, recording: Recording, redactor: Redactor): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${redactor.text(JSON.stringify(recording, null, 2))}\n`);
}

let validate: ReturnType<Ajv2020['compile']> | undefined;

export function readRecording(file: string): Recording {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new RecordingError(
      `${file} must be a recording (JSON), but it could not be read: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  // Compiled on first use: only diff and replay read recordings.
  validate ??= new Ajv2020({ strict: true, allErrors: true }).compile(
    schemaFiles.get('recording.schema.json') ?? {},
  );
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw new RecordingError(
      `${file} is not a recording of this tool: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'} (schemas/recording.schema.json)`,
    );
  }
  return json as Recording;
}
