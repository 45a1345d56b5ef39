import { describe, expect, it } from 'vitest';
import { Placeholders } from '../../src/record/placeholders.js';
import { fillTemplate, matchTemplate } from '../../src/record/template.js';

const identity = { projectId: '0123456789abcdef0123456789abcdef', aliasPrefix: 'kmsct-a1b2c3-d4e5' };
const keyId = '3f2a7c1e-9b0d-4e8f-a6c5-1d2e3f4a5b6c';

describe('placeholders', () => {
  it('numbers the values of a run in the order asked, and keeps one value one placeholder everywhere', () => {
    const p = new Placeholders(identity);
    p.learn(
      { key_info: { key_id: keyId, domain_id: 'd'.repeat(32), creation_date: '1796238703042' } },
      'answer',
    );
    expect(p.json({ key_alias: 'kmsct-a1b2c3-d4e5-k7', key_id: keyId }, true)).toEqual({
      key_alias: '<alias:1>',
      key_id: '<key-id:1>',
    });
    expect(p.text(`key ${keyId} made at 1796238703042 under kmsct-a1b2c3-d4e5-k7`, true)).toBe(
      'key <key-id:1> made at <date> under <alias:1>',
    );
    // The generic form, for ordering before numbers exist.
    expect(p.text(`kmsct-a1b2c3-d4e5-q9zxk12 ${keyId}`, false)).toBe('<alias> <key-id>');
    expect(p.text(`/v1.0/${identity.projectId}/kms/create-key`, true)).toBe(
      '/v1.0/<project-id>/kms/create-key',
    );
  });

  it('learns what the target makes from answers only: a key id a request names that no answer gave is the client’s', () => {
    const p = new Placeholders(identity);
    p.learn({ key_id: '00000000-0000-4000-8000-000000000000' }, 'request');
    // Not a key id: what is left of a random UUID, the client's (as a fresh sequence is).
    expect(p.text('00000000-0000-4000-8000-000000000000', true)).toBe('<sequence:1>');
  });

  it('keeps the shape of a case: a padded alias by its length, a fresh number as a number, a cut sequence', () => {
    const p = new Placeholders(identity);
    const alias256 = `kmsct-a1b2c3-d4e5-k3${'x'.repeat(256 - 'kmsct-a1b2c3-d4e5-k3'.length)}`;
    expect(p.text(alias256, true)).toBe('<alias:1><pad:x:256>');
    p.learn({ key_alias: 874998666499438 }, 'request');
    expect(p.json({ key_alias: 874998666499438 }, true)).toEqual({ key_alias: '<number:1>' });
    expect(p.text('received 874998666499438', true)).toBe('received <number:1>');
    expect(p.text('7d19efd7-00bb-4907-9ad3-55690d0656f', true)).toBe('<sequence:1>');
  });

  it('lists the keys of a page in one order, whatever order the target made them in', () => {
    const page = (ids: string[]) => ({ keys: ids, key_details: ids.map((key_id) => ({ key_id })) });
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    const a = new Placeholders(identity);
    const b = new Placeholders(identity);
    for (const p of [a, b]) for (const id of ids) p.learn({ key_id: id }, 'answer');
    for (const id of ids) a.claim(id);
    for (const id of ids) b.claim(id);
    expect(a.json(page(ids), true)).toEqual(b.json(page([...ids].reverse()), true));
  });
});

describe('templates', () => {
  it('fit a body whose literal parts are equal, binding each placeholder to one value', () => {
    const t = { key_alias: '<alias:3>/default', key_spec: 'AES_256' };
    expect(matchTemplate(t, { key_alias: 'mine/default', key_spec: 'AES_256' }, new Map())).toEqual(
      new Map([['<alias:3>', 'mine']]),
    );
    expect(matchTemplate(t, { key_alias: 'mine/default', key_spec: 'SM4' }, new Map())).toBeUndefined();
    expect(matchTemplate(t, { key_alias: 'mine' }, new Map())).toBeUndefined();
    // A placeholder bound elsewhere takes the same value here.
    expect(
      matchTemplate(t, { key_alias: 'other/default', key_spec: 'AES_256' }, new Map([['<alias:3>', 'mine']])),
    ).toBeUndefined();
    // A number stays a number; a padded alias has the recorded length.
    expect(matchTemplate('<number:1>', 'a string', new Map())).toBeUndefined();
    expect(matchTemplate('<number:1>', 123456789012345, new Map())).toEqual(
      new Map([['<number:1>', '123456789012345']]),
    );
    expect(matchTemplate('<alias:1><pad:x:10>', 'abcdexxxxx', new Map())).toEqual(
      new Map([['<alias:1>', 'abcde']]),
    );
    expect(matchTemplate('<alias:1><pad:x:10>', 'abcdexxxx', new Map())).toBeUndefined();
  });

  it('are filled with bound values, and numbers and padding as recorded', () => {
    const values: Record<string, string> = { '<alias:1>': 'abc', '<number:2>': '42' };
    const value = (name: string) => values[name] ?? 'made';
    expect(
      fillTemplate({ a: '<alias:1>/x', n: '<number:2>', p: '<alias:1><pad:x:6>', o: '<key-id:9>' }, value),
    ).toEqual({
      a: 'abc/x',
      n: 42,
      p: 'abcxxx',
      o: 'made',
    });
  });
});
