/**
 * kms-conformance as a library: run the suite and get the report, start the reference server from any test
 * runner, read the requirement catalogue. The JSON Schemas and openapi.yaml are package subpaths
 * (`kms-conformance/schemas/<file>`, `kms-conformance/openapi.yaml`), the consumer pact is `kms-conformance/pact`.
 */

export { catalogue, requirement, requirementsFor } from './catalogue/index.js';
export type { Edition, Level, Requirement } from './catalogue/types.js';
export { type ConformanceOptions, type ConformanceResult, runConformance } from './cli/api.js';
export {
  type ReferenceOptions,
  type ReferenceServer,
  startReferenceServer,
} from './reference/server.js';
export type { Report } from './report/model.js';
