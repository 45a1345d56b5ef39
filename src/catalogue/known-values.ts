/**
 * Values the spec names outside the enumerations of the request schemas. Data, read by the oracle and the
 * derivation layer; nothing else re-types them.
 */

/**
 * create-key.md §5: key specs that later SDKs added. Neither edition lists them and a verdict must not
 * require them, so a target may accept them (a newer service) or refuse them.
 */
export const laterKeySpecs: readonly string[] = [
  'SECP256K1',
  'ED25519',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'HMAC_SM3',
];

/**
 * Plausible siblings of each enumeration that no edition documents: other key sizes, curves and algorithms,
 * the names other clouds use. A target must refuse them.
 */
export const enumSiblings: Readonly<Record<string, readonly string[]>> = {
  key_spec: [
    'AES_128',
    'AES_192',
    'SM3',
    'RSA_1024',
    'RSA_8192',
    'EC_P224',
    'EC_P521',
    'SYMMETRIC_DEFAULT',
    'ECC_NIST_P256',
    'ECC_SECG_P256K1',
    'RSA_2048_OAEP',
  ],
  key_usage: [
    'ENCRYPT',
    'DECRYPT',
    'SIGN',
    'VERIFY',
    'KEY_AGREEMENT',
    'GENERATE_VERIFY_MAC',
    'ENCRYPT/DECRYPT',
  ],
  origin: ['AWS_KMS', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE', 'imported', 'import', 'generated', 'hsm'],
};
