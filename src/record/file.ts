/** Recordings on disk: written redacted, read back only if they are what schemas/recording.schema.json says. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readSchemaFile } from '../catalogue/json-file.js';
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

export const readRecording = (file: string): Recording =>
  readSchemaFile<Recording>(
    file,
    'recording.schema.json',
    'a recording',
    (message, cause) => new RecordingError(message, { cause }),
  );
