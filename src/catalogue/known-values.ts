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
 * Names other KMS APIs and SDKs give the same concepts (a key's spec, its usage, where its material comes from),
 * each from the page that documents it, and sizes and curves no edition lists. None is a value of this API: a
 * target must refuse them all (a server that maps a foreign name onto its own accepts one). Values a Huawei
 * edition documents, or a later SDK adds (laterKeySpecs), are left out where the table is read.
 */
export const otherVocabularies: readonly {
  readonly source: string;
  readonly field: 'key_spec' | 'key_usage' | 'origin';
  readonly values: readonly string[];
}[] = [
  {
    source: 'AWS KMS CreateKey KeySpec',
    field: 'key_spec',
    values: [
      'SYMMETRIC_DEFAULT',
      'ECC_NIST_P256',
      'ECC_NIST_P384',
      'ECC_NIST_P521',
      'ECC_SECG_P256K1',
      'HMAC_224',
    ],
  },
  {
    source: 'AWS KMS CreateKey KeyUsage',
    field: 'key_usage',
    values: ['GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'],
  },
  {
    source: 'AWS KMS CreateKey Origin',
    field: 'origin',
    values: ['AWS_KMS', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
  },
  {
    source: 'Google Cloud KMS CryptoKey purpose and algorithm',
    field: 'key_spec',
    values: ['GOOGLE_SYMMETRIC_ENCRYPTION', 'RSA_SIGN_PSS_2048_SHA256', 'EC_SIGN_P256_SHA256'],
  },
  {
    source: 'Google Cloud KMS CryptoKey purpose',
    field: 'key_usage',
    values: ['ASYMMETRIC_SIGN', 'ASYMMETRIC_DECRYPT', 'RAW_ENCRYPT_DECRYPT', 'MAC'],
  },
  {
    source: 'Google Cloud KMS protectionLevel',
    field: 'origin',
    values: ['SOFTWARE', 'HSM', 'EXTERNAL_VPC'],
  },
  {
    source: 'Azure Key Vault key types and curves',
    field: 'key_spec',
    values: ['RSA', 'RSA-HSM', 'EC', 'EC-HSM', 'oct', 'oct-HSM', 'P-256', 'P-384', 'P-256K'],
  },
  {
    source: 'Azure Key Vault key_ops',
    field: 'key_usage',
    values: ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
  },
  {
    source: 'Alibaba Cloud KMS CreateKey KeySpec',
    field: 'key_spec',
    values: ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_SM4', 'EC_P256K', 'EC_SM2'],
  },
  {
    source: 'Alibaba Cloud KMS CreateKey KeyUsage',
    field: 'key_usage',
    values: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'],
  },
  { source: 'Alibaba Cloud KMS CreateKey Origin', field: 'origin', values: ['Aliyun_KMS'] },
  {
    source: 'Tencent Cloud KMS CreateKey KeyUsage',
    field: 'key_usage',
    values: ['ASYMMETRIC_DECRYPT_RSA_2048', 'ASYMMETRIC_SIGN_VERIFY_SM2', 'ASYMMETRIC_SIGN_VERIFY_ECC'],
  },
  { source: 'Tencent Cloud KMS CreateKey Type', field: 'origin', values: ['TENCENT_KMS'] },
  {
    source: 'sizes, curves and algorithms no edition lists',
    field: 'key_spec',
    values: ['AES_128', 'AES_192', 'SM3', 'RSA_1024', 'RSA_8192', 'EC_P224', 'EC_P521', 'RSA_2048_OAEP'],
  },
  {
    source: 'words near the documented usages',
    field: 'key_usage',
    values: ['ENCRYPT', 'DECRYPT', 'SIGN', 'VERIFY'],
  },
  {
    source: 'words near the documented origins',
    field: 'origin',
    values: ['imported', 'import', 'generated'],
  },
];
