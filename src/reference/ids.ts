import { createHmac, randomUUID } from 'node:crypto';

/**
 * Key ids in UUID v4 form. With a seed they are reproducible: HMAC-SHA256(seed, counter) supplies the
 * bytes, so no home-made random generator is needed.
 */
export function keyIdGenerator(seed: number | undefined): () => string {
  if (seed === undefined) return randomUUID;
  let counter = 0;
  return () => {
    const bytes = createHmac('sha256', String(seed)).update(String(counter++)).digest().subarray(0, 16);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
