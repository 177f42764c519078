// The sort function in production: a JSON list of numbers in, the same list in ascending order out.
const NOT_A_LIST = 'request body must be a JSON list of numbers';

function respond(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body };
}

export const handler = async (event) => {
  let list;
  try {
    list = JSON.parse(event.body ?? '');
  } catch {
    return respond(400, JSON.stringify({ message: NOT_A_LIST }));
  }
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'number')) {
    return respond(400, JSON.stringify({ message: NOT_A_LIST }));
  }
  return respond(200, JSON.stringify(list.sort((a, b) => a - b)));
};
