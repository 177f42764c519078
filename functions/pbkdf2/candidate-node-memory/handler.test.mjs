import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { handler } from './handler.mjs';

// Only memory size may differ from the control: the code is the control's, byte for byte.
test("is the control's code", () => {
  const read = (file) => readFileSync(new URL(file, import.meta.url), 'utf8');
  expect(read('./handler.mjs')).toBe(read('../control-node/handler.mjs'));
});

const get = (query) => handler({ queryStringParameters: query });

describe('pbkdf2 in Node', () => {
  test('derives a 64-byte key, in hex', async () => {
    // RFC 6070's first vector, with HMAC-SHA512 instead of SHA1.
    const response = await get({ password: 'password', salt: 'salt', iterations: '1' });
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: '867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce',
    });
  });

  test('has defaults for every parameter', async () => {
    expect((await get(null)).body).toMatch(/^[0-9a-f]{128}$/);
  });

  test.each([
    [{ iterations: '0' }, "query parameter 'iterations' must be an integer from 1 to 100000"],
    [{ iterations: '100001' }, "query parameter 'iterations' must be an integer from 1 to 100000"],
    [{ iterations: 'many' }, "query parameter 'iterations' must be an integer from 1 to 100000"],
    [{ password: '' }, "query parameter 'password' must not be empty"],
    [{ salt: '' }, "query parameter 'salt' must not be empty"],
  ])('refuses %j', async (query, message) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message });
  });
});
