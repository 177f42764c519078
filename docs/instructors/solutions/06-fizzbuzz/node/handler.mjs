// FizzBuzz, in Node: the numbers from `from` up to `to`, one a line, as plain text.
const POSITIVE = /^[1-9]\d{0,8}$/;
const INTEGER = /^-?\d{1,9}$/;
const MOST_NUMBERS = 10000;

function respond(statusCode, contentType, body) {
  return { statusCode, headers: { 'content-type': contentType }, body };
}

function refuse(statusCode, message) {
  return respond(statusCode, 'application/json', JSON.stringify({ message }));
}

/** The FizzBuzz lines for `from` up to `to` (both integers), joined with '\n'. */
function fizzbuzz(from, to) {
  const lines = [];
  for (let number = from; number <= to; number++) {
    if (number % 15 === 0) lines.push('Fizz Buzz');
    else if (number % 3 === 0) lines.push('Fizz');
    else if (number % 5 === 0) lines.push('Buzz');
    else lines.push(String(number));
  }
  return lines.join('\n');
}

export const handler = async (event) => {
  const query = event.queryStringParameters ?? {};
  const rawFrom = query.from ?? '1';
  if (!POSITIVE.test(rawFrom)) return refuse(400, "query parameter 'from' must be a positive integer");
  const from = Number(rawFrom);
  if (query.to !== undefined && !INTEGER.test(query.to)) {
    return refuse(400, "query parameter 'to' must be an integer");
  }
  const to = query.to === undefined ? from + 99 : Number(query.to);
  if (to - from >= MOST_NUMBERS) return refuse(400, `from and to may span at most ${MOST_NUMBERS} numbers`);
  const text = fizzbuzz(from, to);
  if (text === null) return refuse(501, 'fizzbuzz is not written yet: see the comment in the handler');
  return respond(200, 'text/plain', text);
};
