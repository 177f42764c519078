import { describe, expect, test } from 'vitest';
import { handler } from './handler.mjs';

const post = (body) => handler({ httpMethod: 'POST', body });

describe('control-sort', () => {
  test.each([
    ['[3,1,2]', '[1,2,3]'],
    ['[10, 9, 100, 1]', '[1,9,10,100]'],
    ['[-2.5, 3.14, 0, -10]', '[-10,-2.5,0,3.14]'],
    ['[1.0, 0.5]', '[0.5,1]'],
    ['[]', '[]'],
  ])('sorts %s into %s', async (body, sorted) => {
    expect(await post(body)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: sorted,
    });
  });

  test.each([null, '', 'not json', '{"a":1}', '[1,"2"]', '[1,null]', '[true]', '"[1]"'])(
    'refuses %j',
    async (body) => {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      expect(response.body).toBe('{"message":"request body must be a JSON list of numbers"}');
    },
  );
});
