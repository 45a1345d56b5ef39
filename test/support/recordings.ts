/** Recordings built by hand for the unit tests of src/record: the file's fixed fields, the cases given. */
import type { Recording } from '../../src/record/format.js';

export const recordingOf = (cases: Recording['cases'], over: Partial<Recording> = {}): Recording => ({
  format: 'kms-conformance-recording/1',
  tool: 'kms-conformance test',
  catalogue: '0123456789abcdef',
  target: 'embedded reference',
  edition: 'seed',
  seed: 1,
  recordedOn: '2026-12-02',
  verdict: 'conformant',
  requirements: {},
  readings: {},
  cases,
  ...over,
});
