/**
 * The KMS error codes of create-key.md §4 that the reference server uses, with English messages in the
 * style of the service. Exact codes are informative (§7): suites never require them above MAY.
 */
export const errorCodes = {
  'KMS.0202': 'Invalid JSON format of the request message.',
  'KMS.0203': 'Request message too long.',
  'KMS.0204': 'Parameters missing in the request message.',
  'KMS.0206': 'Invalid sequence number.',
  'KMS.0207': 'The key does not exist.',
  'KMS.0211': 'Cannot perform this operation on Default Master Keys.',
  'KMS.0215': 'Request method not supported.',
  'KMS.0201': 'Invalid request URL.',
  'KMS.0301': 'Invalid or null X-Auth-Token.',
  'KMS.0302': 'Invalid X-Auth-Token.',
  'KMS.0307': 'No access permissions.',
  'KMS.0308': 'Invalid parameter.',
  'KMS.0321': 'URIs in URL and X-Auth-Token do not match.',
  'KMS.1101': 'Invalid key_alias.',
  'KMS.1103': 'Invalid key_description.',
  'KMS.1104': 'Duplicate key aliases.',
  'KMS.1105': 'Too many keys.',
  'KMS.1114': 'EC keys do not support to encrypt/decrypt.',
  'KMS.1115': 'Symmetric keys do not support to sign/verify.',
  'KMS.1401': 'Set the pending deletion period between 7 to 1096 days.',
  'KMS.1402': 'The key is already in Pending deletion state.',
  'KMS.1501': 'The key is not in Pending deletion state.',
  'KMS.1601': 'Invalid limit.',
  'KMS.1602': 'marker must be greater than or equals 0.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** Which code the reference uses when a field of a create-key body breaks its schema. */
export const fieldErrorCodes: ReadonlyMap<string, ErrorCode> = new Map([
  ['key_alias', 'KMS.1101'],
  ['key_description', 'KMS.1103'],
  ['sequence', 'KMS.0206'],
]);

/** Code for a field not listed in fieldErrorCodes. */
export const otherFieldErrorCode: ErrorCode = 'KMS.0308';
export const missingParameterCode: ErrorCode = 'KMS.0204';
