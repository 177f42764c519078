// PBKDF2 in production: a key derived from a password with PBKDF2-HMAC-SHA512, CPU-bound on purpose.
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

const deriveKey = promisify(pbkdf2);
const ITERATIONS = /^[1-9]\d{0,5}$/;
const MOST_ITERATIONS = 100000;
const KEY_BYTES = 64;

function respond(statusCode, contentType, body) {
  return { statusCode, headers: { 'content-type': contentType }, body };
}

function badRequest(message) {
  return respond(400, 'application/json', JSON.stringify({ message }));
}

export const handler = async (event) => {
  const query = event.queryStringParameters ?? {};
  const password = query.password ?? 'correct horse battery staple';
  const salt = query.salt ?? 'serverless-scientist';
  const rawIterations = query.iterations ?? '10000';
  if (password === '') return badRequest("query parameter 'password' must not be empty");
  if (salt === '') return badRequest("query parameter 'salt' must not be empty");
  if (!ITERATIONS.test(rawIterations) || Number(rawIterations) > MOST_ITERATIONS) {
    return badRequest(`query parameter 'iterations' must be an integer from 1 to ${MOST_ITERATIONS}`);
  }
  const key = await deriveKey(password, salt, Number(rawIterations), KEY_BYTES, 'sha512');
  return respond(200, 'text/plain', key.toString('hex'));
};
