/** TypeScript shapes of the JSON bodies in schemas/. The schemas are the authority; these only type code. */

export type KeySpec =
  | 'AES_256'
  | 'SM4'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'EC_P256'
  | 'EC_P384'
  | 'SM2';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
export type Origin = 'kms' | 'external';
export type KeyState = '1' | '2' | '3' | '4' | '5';

export interface CreateKeyRequest {
  key_alias: string;
  key_spec?: KeySpec;
  key_usage?: KeyUsage;
  key_description?: string;
  origin?: Origin;
  enterprise_project_id?: string;
  sequence?: string;
  keystore_id?: string;
}

export interface KeyInfo {
  key_id: string;
  domain_id: string;
}

export interface CreateKeyResponse {
  key_info: KeyInfo;
}

export interface ErrorEnvelope {
  error: { error_code: string; error_msg: string };
}

export interface KeyDetails {
  key_id: string;
  domain_id: string;
  key_alias: string;
  realm: string;
  key_spec: string;
  key_usage: string;
  key_description: string;
  creation_date: string;
  scheduled_deletion_date: string;
  key_state: KeyState;
  default_key_flag: '0' | '1';
  key_type: string;
  expiration_time: string;
  origin: string;
  key_rotation_enabled: string;
  sys_enterprise_project_id: string;
}

export interface ListKeysResponse {
  keys: string[];
  key_details: KeyDetails[];
  next_marker: string;
  truncated: 'true' | 'false';
  total: number;
}

export interface KeyStateResponse {
  key_id: string;
  key_state: KeyState;
}
