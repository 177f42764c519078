// The round function in production: JavaScript's own rounding (halves go up, towards +∞).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function respond(statusCode, contentType, body) {
  return { statusCode, headers: { 'content-type': contentType }, body };
}

function badRequest(message) {
  return respond(400, 'application/json', JSON.stringify({ message }));
}

export const handler = async (event) => {
  const raw = event.queryStringParameters?.number;
  if (raw === undefined || raw === null) return badRequest("query parameter 'number' is required");
  const number = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(number)) return badRequest("query parameter 'number' must be a decimal number");
  return respond(200, 'text/plain', String(Math.round(number)));
};
