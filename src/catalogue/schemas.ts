/**
 * The only place validators come from. Everything that validates JSON (suites, reference server,
 * reports) imports a validator from here, so schemas/ stays the single source of truth.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { KmsctError } from '../errors.js';
import type {
  CreateKeyRequest,
  CreateKeyResponse,
  ErrorEnvelope,
  KeyDetails,
  KeyStateResponse,
  ListKeysResponse,
} from './api-types.js';
import * as generated from './generated/validators.js';
import { packageRoot } from './package-root.js';
import type { Edition } from './types.js';
import { fieldsName, ruleName } from './validator-names.js';

export const schemaDir = join(packageRoot, 'schemas/');

type JsonSchema = Record<string, unknown> & { allOf?: JsonSchema[]; title?: string };

/** Every *.schema.json file of schemas/, by file name. */
export const schemaFiles: ReadonlyMap<string, JsonSchema> = new Map(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(schemaDir + f, 'utf8')) as JsonSchema]),
);

function schemaFile(name: string): JsonSchema {
  const schema = schemaFiles.get(name);
  if (!schema) throw new KmsctError('KMSCT_ERR_SCHEMA', `schemas/${name} is missing`);
  return schema;
}

/**
 * The validators come precompiled (src/catalogue/generated/validators.ts, from schemas/ by `npm run
 * schemas:compile`): no process compiles a schema at start-up. A test keeps the module in step with schemas/.
 */
const validators = generated as unknown as Record<string, ValidateFunction>;

function compiled<T>(exportName: string): ValidateFunction<T> {
  const validate = validators[exportName];
  if (!validate)
    throw new KmsctError(
      'KMSCT_ERR_SCHEMA',
      `no precompiled validator ${exportName}; run npm run schemas:compile`,
    );
  return validate as ValidateFunction<T>;
}

const part = (name: string) => compiled<unknown>((generated.parts as Record<string, string>)[name] ?? name);

export const createKeyRequest: Readonly<Record<Edition, ValidateFunction<CreateKeyRequest>>> = {
  seed: compiled('createKeyRequestSeed'),
  current: compiled('createKeyRequestCurrent'),
};
export const createKeyResponse = compiled<CreateKeyResponse>('createKeyResponse');
export const errorEnvelope = compiled<ErrorEnvelope>('errorEnvelope');
export const keyDetails = compiled<KeyDetails>('keyDetails');
export const describeKeyRequest = compiled<{ key_id: string }>('describeKeyRequest');
export const describeKeyResponse = compiled<{ key_info: KeyDetails }>('describeKeyResponse');
export const listKeysRequest = compiled<Record<string, string>>('listKeysRequest');
export const listKeysResponse = compiled<ListKeysResponse>('listKeysResponse');
export const scheduleKeyDeletionRequest = compiled<{ key_id: string; pending_days: string }>(
  'scheduleKeyDeletionRequest',
);
export const cancelKeyDeletionRequest = compiled<{ key_id: string }>('cancelKeyDeletionRequest');
export const keyStateResponse = compiled<KeyStateResponse>('keyStateResponse');
export const keyIdFormat = compiled<string>('keyIdFormat');
export const domainIdFormat = compiled<string>('domainIdFormat');
export const projectIdFormat = compiled<string>('projectIdFormat');

/** Enumerations read from common.schema.json, so code never re-types them. */
function enumOf(def: string): readonly string[] {
  const defs = schemaFile('common.schema.json').$defs as Record<string, { enum?: string[] }>;
  const values = defs[def]?.enum;
  if (!values) throw new KmsctError('KMSCT_ERR_SCHEMA', `common.schema.json#/$defs/${def} has no enum`);
  return values;
}
export const keySpecs = enumOf('keySpec');
export const symmetricKeySpecs = enumOf('symmetricKeySpec');
export const keyUsages = enumOf('keyUsage');
export const origins = enumOf('origin');

/** The body fields of create-key in an edition, in documented order (the request schema's properties). */
export function createKeyFields(edition: Edition): readonly string[] {
  return Object.keys(schemaFile(`create-key-request.${edition}.schema.json`).properties as object);
}

/** A property of a request schema with its definition resolved: what the derivation layer walks. */
export interface RequestField {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Readonly<Record<string, unknown>>;
}

function resolveRef(node: Record<string, unknown>): Record<string, unknown> {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const [file = '', pointer = ''] = ref.split('#');
  let target: unknown = schemaFile(file);
  for (const part of pointer.split('/').slice(1)) target = (target as Record<string, unknown>)[part];
  if (typeof target !== 'object' || target === null)
    throw new KmsctError('KMSCT_ERR_SCHEMA', `cannot resolve ${ref}`);
  return target as Record<string, unknown>;
}

/** The create-key request's properties for an edition, in documented order, each definition resolved. */
const fieldsOf = new Map<Edition, readonly RequestField[]>();

export function requestFields(edition: Edition): readonly RequestField[] {
  const fields = fieldsOf.get(edition) ?? readRequestFields(edition);
  fieldsOf.set(edition, fields);
  return fields;
}

function readRequestFields(edition: Edition): readonly RequestField[] {
  const schema = schemaFile(`create-key-request.${edition}.schema.json`);
  const required = (schema.required as string[] | undefined) ?? [];
  return Object.entries(schema.properties as Record<string, Record<string, unknown>>).map(([name, node]) => ({
    name,
    required: required.includes(name),
    schema: resolveRef(node),
  }));
}

/** A cross-field rule of a request schema (an `allOf` branch), validated on its own and named by its title. */
export interface NamedRule {
  readonly id: string;
  readonly validate: ValidateFunction;
}

function rulesOf(name: string): NamedRule[] {
  return (schemaFile(name).allOf ?? []).map((branch, i) => {
    if (!branch.title)
      throw new KmsctError(
        'KMSCT_ERR_SCHEMA',
        `every allOf branch of ${name} needs a requirement id as title`,
      );
    // The branch runs on its own, after the field checks have proved the body is an object.
    return { id: branch.title, validate: part(ruleName(name, i)) };
  });
}

const fieldsOnly = (name: string): ValidateFunction => part(fieldsName(name));

const referencePolicy = rulesOf('reference-policy.schema.json');

/** Valid bodies whose acceptance the spec leaves open (schemas/open-readings.schema.json), by requirement id. */
export const openReadings: readonly NamedRule[] = rulesOf('open-readings.schema.json');

/**
 * The request schema split in two, for servers that must say which rule broke: per-field constraints,
 * then each cross-field rule in order. Policy rules are the reference's choices on §7 readings.
 */
export const createKeyParts: Readonly<
  Record<Edition, { fields: ValidateFunction; rules: readonly NamedRule[]; policy: readonly NamedRule[] }>
> = {
  seed: {
    fields: fieldsOnly('create-key-request.seed.schema.json'),
    rules: rulesOf('create-key-request.seed.schema.json'),
    policy: referencePolicy,
  },
  current: {
    fields: fieldsOnly('create-key-request.current.schema.json'),
    rules: rulesOf('create-key-request.current.schema.json'),
    policy: referencePolicy,
  },
};

/** One line per error: "<path>: expected <what>, received <value>". */
export function explainErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown): string {
  if (!errors || errors.length === 0) return 'valid';
  return errors
    .map((e) => {
      // An unexpected property is reported at its parent; name the property itself.
      const path =
        e.keyword === 'additionalProperties'
          ? `${e.instancePath}/${String(e.params.additionalProperty)}`
          : e.instancePath;
      const expected = e.keyword === 'additionalProperties' ? 'no such property' : (e.message ?? e.keyword);
      return `${path || '/'}: expected ${expected}, received ${JSON.stringify(pointerGet(data, path))?.slice(0, 80)}`;
    })
    .join('; ');
}

function pointerGet(data: unknown, pointer: string): unknown {
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
