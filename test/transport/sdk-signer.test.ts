import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { HttpRequestImpl } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/transport/signing.js';

/** Signs one request with the official SDK core's AKSKSigner and returns its headers. */
function sdkSign(input: {
  ak: string;
  sk: string;
  url: URL;
  projectId: string;
  data: object;
  date: string;
}): Record<string, string> {
  const request = Object.assign(new HttpRequestImpl(), {
    method: 'POST',
    endpoint: input.url.toString(),
    queryParams: Object.fromEntries(input.url.searchParams),
    headers: {
      'content-type': 'application/json',
      'X-Project-Id': input.projectId,
      'X-Sdk-Date': input.date,
    },
    data: input.data,
  });
  const credential = new BasicCredentials().withAk(input.ak).withSk(input.sk).withProjectId(input.projectId);
  // The SDK's typings predate exactOptionalPropertyTypes; the object is what its own client builds.
  return AKSKSigner.sign(request as unknown as Parameters<typeof AKSKSigner.sign>[0], credential) as Record<
    string,
    string
  >;
}

describe('our signer agrees with the official SDK signer', () => {
  it('for random bodies, paths and keys', () => {
    fc.assert(
      fc.property(
        fc.record({
          ak: fc.stringMatching(/^[A-Z0-9]{8,20}$/),
          sk: fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme-ascii' }),
          projectId: fc.stringMatching(/^[0-9a-f]{32}$/),
          alias: fc.string({ maxLength: 40 }),
          description: fc.string({ maxLength: 40, unit: 'grapheme' }),
          operation: fc.constantFrom('create-key', 'describe-key', 'list-keys'),
          date: fc.date({
            min: new Date('2020-01-01T00:00:00Z'),
            max: new Date('2030-01-01T00:00:00Z'),
            noInvalidDate: true,
          }),
        }),
        (c) => {
          const url = new URL(
            `https://kms.cn-north-4.myhuaweicloud.com/v1.0/${c.projectId}/kms/${c.operation}`,
          );
          const data = { key_alias: c.alias, key_description: c.description };
          const date = c.date
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}/, '');
          const ours = signRequest({
            ak: c.ak,
            sk: c.sk,
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json', 'X-Project-Id': c.projectId },
            body: JSON.stringify(data),
            date: c.date,
          });
          const theirs = sdkSign({ ...c, url, data, date });
          expect(ours.Authorization).toBe(theirs.Authorization);
        },
      ),
      { seed: 20261128, numRuns: 200 },
    );
  });
});
