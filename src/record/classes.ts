/** What kind of body an answer carries, by the schema it matches: what a diff compares beside the status. */
import { codeOf } from '../catalogue/answers.js';
import {
  createKeyResponse,
  describeKeyResponse,
  errorEnvelope,
  keyStateResponse,
  listKeysResponse,
} from '../catalogue/schemas.js';
import { gatewayAnswer } from '../transport/gateway.js';

export function bodyClassOf(json: unknown, text: string): string {
  if (text === '') return 'empty';
  if (json === undefined) return 'text';
  if (errorEnvelope(json)) return 'error-envelope';
  if (gatewayAnswer(json)) return 'gateway';
  if (createKeyResponse(json)) return 'key-info';
  if (describeKeyResponse(json)) return 'key-details';
  if (listKeysResponse(json)) return 'key-list';
  if (keyStateResponse(json)) return 'key-state';
  return 'json';
}

/** The error code of an answer: the KMS envelope's, or the gateway's. */
export function errorCodeIn(json: unknown): string | undefined {
  return codeOf({ json }) ?? gatewayAnswer(json)?.code;
}
