import { describe, expect, test } from 'vitest';
import { handler } from './handler.mjs';

const get = (query) => handler({ queryStringParameters: query });

// The plumbing's tests; add your own for fizzbuzz itself.
describe('candidate-fizzbuzz-node', () => {
  test.each([
    [{ from: '0' }, "query parameter 'from' must be a positive integer"],
    [{ from: 'x' }, "query parameter 'from' must be a positive integer"],
    [{ to: '1.5' }, "query parameter 'to' must be an integer"],
    [{ from: '1', to: '10001' }, 'from and to may span at most 10000 numbers'],
  ])('refuses %j', async (query, message) => {
    expect(await get(query)).toEqual({
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
  });
});
