import { describe, expect, test } from 'vitest';
import { handler } from './handler.mjs';

const get = (number) => handler({ queryStringParameters: number === undefined ? null : { number } });

describe('control-round', () => {
  test.each([
    ['62.5', '63'],
    ['62.4', '62'],
    ['-2.5', '-2'],
    ['-0.4', '0'],
    ['1e21', '1e+21'],
  ])('rounds %s to %s', async (number, rounded) => {
    expect(await get(number)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: rounded,
    });
  });

  test.each(['abc', '', '1e400', ' 1', 'NaN', 'Infinity', '0x10'])('refuses %j', async (number) => {
    const response = await get(number);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      message: "query parameter 'number' must be a decimal number",
    });
  });

  test('asks for a missing number', async () => {
    expect((await get(undefined)).body).toBe('{"message":"query parameter \'number\' is required"}');
  });
});
