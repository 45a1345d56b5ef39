/**
 * The report's schema (schemas/report.schema.json), compiled with ajv and its formats: for the tests and
 * tools that check a report, never loaded by a run.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsCjs from 'ajv-formats';
import { schemaFiles } from '../../src/catalogue/schemas.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsCjs.default;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv, ['date-time', 'uri']);
for (const [name, schema] of schemaFiles) ajv.addSchema(schema, name);

export const reportSchema = ajv.getSchema<unknown>('report.schema.json') ?? failed();

function failed(): never {
  throw new Error('KMSCT_ERR_SCHEMA: cannot compile report.schema.json');
}
