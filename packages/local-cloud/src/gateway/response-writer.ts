import type { ServerResponse } from 'node:http';
import type { GatewayRequest } from './gateway-request.js';
import type { GatewayResponse } from './gateway-response.js';

/** Sends an API's answer with the request id header each kind of API adds. */
export function reply(
  response: ServerResponse,
  request: GatewayRequest,
  kind: 'rest' | 'http',
  answer: GatewayResponse,
): void {
  writeResponse(
    response,
    answer,
    request.method === 'HEAD',
    kind === 'rest' ? 'x-amzn-RequestId' : 'apigw-requestid',
    request.requestId,
  );
}

/** Headers a function must not set: the gateway frames the response itself. */
const framingHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * One writeHead and one end: the function's headers in order, `content-type: application/json`
 * first when it set none (as API Gateway does), then the request id header and the length.
 */
export function writeResponse(
  response: ServerResponse,
  answer: GatewayResponse,
  headOnly = false,
  requestIdHeader?: string,
  requestId?: string,
): void {
  const flat: string[] = [];
  let hasContentType = false;
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') hasContentType = true;
    else if (framingHeaders.has(lower)) continue;
    flat.push(name, value);
  }
  if (!hasContentType) flat.unshift('content-type', 'application/json');
  if (requestIdHeader !== undefined && requestId !== undefined) flat.push(requestIdHeader, requestId);
  flat.push('content-length', String(answer.body.length));
  response.writeHead(answer.statusCode, flat);
  response.end(headOnly ? undefined : answer.body);
}
