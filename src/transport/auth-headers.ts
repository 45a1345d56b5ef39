/** The headers that authenticate a request: the token, or an SDK-HMAC-SHA256 signature as the SDKs make it. */
import type { Auth, CallOptions } from './client.js';
import { signRequest } from './signing.js';

export function authHeaders(
  auth: Auth,
  method: string,
  url: URL,
  body: string,
  options: CallOptions,
  projectId: string,
): Record<string, string> {
  const base = { 'content-type': 'application/json', ...options.headers };
  switch (auth.kind) {
    case 'none':
      return base;
    case 'token':
      return { ...base, 'X-Auth-Token': auth.token };
    case 'aksk': {
      const signed = signRequest({
        ak: auth.ak,
        sk: auth.sk,
        method,
        url,
        headers: {
          ...base,
          'X-Project-Id': options.signedProjectId ?? options.projectId ?? projectId,
          ...(options.signingHost !== undefined && { host: options.signingHost }),
        },
        body,
        ...(options.signingDate && { date: options.signingDate }),
      });
      const tamper = options.tamperAuthorization;
      if (tamper === undefined) return signed;
      const name = Object.keys(signed).find((k) => k.toLowerCase() === 'authorization') ?? 'Authorization';
      return { ...signed, [name]: tamper(signed[name] ?? '') };
    }
  }
}
