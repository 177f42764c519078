import { describe, expect, it } from 'vitest';
import { type ComparatorSettings, compare, createObservation, type ObservationInput } from '../src/index.js';

const settings: ComparatorSettings = {
  body: { json: true, ignorePaths: [], tolerance: 0, unorderedArrays: false },
  statusCode: true,
  headers: ['content-type'],
};
const json = { 'Content-Type': 'application/json' };
const control = (input: Partial<ObservationInput> = {}) =>
  createObservation({
    variantId: 'control',
    statusCode: 200,
    headers: json,
    body: '{"value":62.5}',
    ...input,
  });
const candidate = (input: Partial<ObservationInput> = {}) =>
  createObservation({
    variantId: 'candidate-1',
    statusCode: 200,
    headers: json,
    body: '{"value":62.5}',
    ...input,
  });

describe('compare', () => {
  it('matches JSON bodies that differ only in layout and header-name case', () => {
    const result = compare(
      settings,
      control(),
      candidate({ body: '{ "value": 62.5 }', headers: { 'content-type': 'application/json' } }),
    );
    expect([result.outcome, result.matched, result.mismatches]).toEqual(['matched', true, []]);
    expect(result.toText()).toBe('candidate-1 vs control: matched');
  });

  it('names every comparator that differs and renders the differences', () => {
    const result = compare(
      settings,
      control({ body: '{"value":62.5,"items":[1,2]}' }),
      candidate({
        statusCode: 500,
        headers: { 'content-type': 'text/plain' },
        body: '{"value":63,"items":[1]}',
      }),
    );
    expect(result.comparators).toEqual(['body', 'statusCode', 'headers']);
    expect(result.toText()).toMatchInlineSnapshot(`
      "candidate-1 vs control: mismatched (body, statusCode, headers)
        body /value: control 62.5, candidate 63
        body /items/1: control 2, candidate (absent)
        status code: control 200, candidate 500
        header content-type: control "application/json", candidate "text/plain""
    `);
  });

  it('diffs text bodies line by line', () => {
    const result = compare(
      settings,
      control({ body: 'Fizz\nBuzz\n13\n14\nFizzBuzz\n' }),
      candidate({ body: 'Fizz\nBuzz\n13\n14\nFizz\n' }),
    );
    expect(result.mismatches).toEqual([
      { comparator: 'body', kind: 'text', lines: ['@@ -3,3 +3,3 @@', ' 13', ' 14', '-FizzBuzz', '+Fizz'] },
    ]);
  });

  it('honours ignored paths, numeric tolerance and unordered arrays', () => {
    const lenient: ComparatorSettings = {
      ...settings,
      body: {
        json: true,
        ignorePaths: ['/meta/time', '/items/*/id'],
        tolerance: 0.01,
        unorderedArrays: true,
      },
    };
    const a = control({
      body: '{"meta":{"time":1},"x":1.23456,"items":[{"id":1,"v":"a"},{"id":2,"v":"b"}]}',
    });
    const b = candidate({
      body: '{"meta":{"time":2},"x":1.235,"items":[{"id":9,"v":"b"},{"id":8,"v":"a"}]}',
    });
    expect(compare(lenient, a, b).matched).toBe(true);
    expect(compare(settings, a, b).mismatches[0]).toMatchObject({ comparator: 'body', kind: 'json' });
    const c = candidate({ body: '{"meta":{"time":2},"x":1.3,"items":[{"id":9,"v":"c"},{"id":8,"v":"a"}]}' });
    expect(compare(lenient, a, c).mismatches).toEqual([
      {
        comparator: 'body',
        kind: 'json',
        differences: [
          { path: '/x', control: 1.23456, candidate: 1.3 },
          { path: '/items/1', control: { id: 2, v: 'b' }, candidate: undefined },
          { path: '/items/0', control: undefined, candidate: { id: 9, v: 'c' } },
        ],
      },
    ]);
  });

  it('compares base64 bodies by hash', () => {
    const result = compare(
      settings,
      control({ body: 'AAEC', isBase64Encoded: true }),
      candidate({ body: 'AAED', isBase64Encoded: true }),
    );
    expect(result.mismatches[0]).toMatchObject({ comparator: 'body', kind: 'hash' });
    expect(
      compare(
        settings,
        control({ body: 'AAEC', isBase64Encoded: true }),
        candidate({ body: 'AAEC', isBase64Encoded: true }),
      ).matched,
    ).toBe(true);
  });

  it('ignores what the settings leave out', () => {
    const statusOnly: ComparatorSettings = { body: false, statusCode: true, headers: [] };
    expect(compare(statusOnly, control(), candidate({ body: 'other', headers: {} })).matched).toBe(true);
  });

  it('reports a failed variant as errored, not as a mismatch', () => {
    const result = compare(
      settings,
      control(),
      candidate({ statusCode: undefined, error: { kind: 'timeout', message: 'after 5000 ms' } }),
    );
    expect([result.outcome, result.errored, result.error]).toEqual([
      'errored',
      true,
      { variant: 'candidate', kind: 'timeout', message: 'after 5000 ms' },
    ]);
    expect(result.toText()).toBe('candidate-1 vs control: errored (candidate timeout: after 5000 ms)');
    expect(Object.isFrozen(result)).toBe(true);
  });
});
