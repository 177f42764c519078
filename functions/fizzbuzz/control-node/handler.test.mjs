import { describe, expect, test } from 'vitest';
import { handler } from './handler.mjs';

const get = (query) => handler({ queryStringParameters: query });

describe('control-fizzbuzz', () => {
  test('counts from 1 to 100 by default', async () => {
    const response = await get(null);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'text/plain' });
    const lines = response.body.split('\n');
    expect(lines).toHaveLength(100);
    expect(lines.slice(0, 15)).toEqual(
      '1 2 Fizz 4 Buzz Fizz 7 8 Fizz Buzz 11 Fizz 13 14 Fizz_Buzz'
        .split(' ')
        .map((word) => word.replace('_', ' ')),
    );
    expect(lines.at(-1)).toBe('Buzz');
  });

  test('says nothing when from is above to', async () => {
    expect((await get({ from: '10', to: '9' })).body).toBe('');
  });

  test.each([
    [{ from: '-1' }, "query parameter 'from' must be a positive integer"],
    [{ to: 'ten' }, "query parameter 'to' must be an integer"],
    [{ from: '5', to: '10005' }, 'from and to may span at most 10000 numbers'],
  ])('refuses %j', async (query, message) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message });
  });
});
