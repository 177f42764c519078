/** An HTTP response the gateway sends; headers in order, repeated names kept. */
export interface GatewayResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

function json(statusCode: number, text: string, headers: [string, string][] = []): GatewayResponse {
  return { statusCode, headers: [['content-type', 'application/json'], ...headers], body: Buffer.from(text) };
}

/**
 * The answers API Gateway gives on its own, byte for byte (note the space after the colon in
 * some of AWS's bodies and not in others).
 */
export const gatewayResponses = {
  missingAuthenticationToken: () =>
    json(403, '{"message":"Missing Authentication Token"}', [
      ['x-amzn-errortype', 'MissingAuthenticationTokenException'],
    ]),
  notFound: () => json(404, '{"message":"Not Found"}'),
  restInternalServerError: () => json(502, '{"message": "Internal server error"}'),
  httpInternalServerError: () => json(500, '{"message":"Internal Server Error"}'),
  restTimeout: () => json(504, '{"message": "Endpoint request timed out"}'),
  httpTimeout: () => json(503, '{"message":"Service Unavailable"}'),
  tooLarge: () => json(413, '{"message":"Request Too Long"}'),
};
