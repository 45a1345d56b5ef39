import fc from 'fast-check';

/** Any JSON value in the place of a field: the random half of the seeded property. */
export const anyFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/** Bodies that are not JSON at all: no schema keyword describes them, so they are listed. */
export const malformedBodies: readonly { readonly label: string; readonly raw: string }[] = [
  { label: 'truncated', raw: '{"key_alias": "x",' },
  { label: 'a trailing comma', raw: '{"key_alias": "x",}' },
  { label: 'single quotes', raw: "{'key_alias': 'x'}" },
  { label: 'empty', raw: '' },
  { label: 'form-encoded', raw: 'key_alias=x' },
];
