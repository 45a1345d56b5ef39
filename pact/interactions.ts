/**
 * The CreateKey contract as Pact interactions: what a consumer of the KMS API may rely on. Shared by the
 * consumer test (which writes the pact) and the docs; assert only what a consumer reads (pact-js advice).
 */
import { MatchersV3 } from '@pact-foundation/pact';

const { like, regex, fromProviderState } = MatchersV3;

export const consumerName = 'kms-conformance-consumer';
export const providerName = 'huaweicloud-kms';
export const pactFileName = `${consumerName}-${providerName}.json`;

export const exampleProject = '0123456789abcdef0123456789abcdef';
export const exampleKeyId = 'bb6a3d22-dc93-47ac-b5bd-88df7ad35f1e';
export const exampleDomainId = 'b168fe00ff56492495a7d22974df2d0b';

/** Provider states; the verifier's state handlers set each up through the target's own API. */
export const states = {
  project: 'a project the credentials may create keys in',
  keyExists: 'a key exists in the project',
} as const;

export const path = (operation: string) =>
  fromProviderState(`/v1.0/\${projectId}/kms/${operation}`, `/v1.0/${exampleProject}/kms/${operation}`);

/** A fresh alias from the provider state, so a verification can be repeated against the same account. */
export const alias = (suffix = '') => fromProviderState(`\${alias}${suffix}`, `test${suffix}`);

export const jsonContentType = regex('^application/json(\\s*;.*)?$', 'application/json;charset=UTF-8');

export const keyInfoBody = {
  key_info: {
    key_id: regex('^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$', exampleKeyId),
    domain_id: regex('^[0-9a-f]{32}$', exampleDomainId),
  },
};

export const errorBody = { error: like({ error_code: 'KMS.1101', error_msg: 'Invalid key_alias.' }) };

/** The placeholder token of the contract; provider verification swaps in real credentials. */
export const contractToken = 'contract-token';
