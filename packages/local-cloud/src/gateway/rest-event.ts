import {
  type ApiContext,
  type GatewayRequest,
  headerValue,
  matchesMediaType,
  queryPairs,
  requestTime,
} from './gateway-request.js';
import type { GatewayResponse } from './gateway-response.js';
import type { RouteMatch } from './route-table.js';

/**
 * The payload 1.0 event a REST API (Lambda proxy integration) sends, field for field as AWS
 * documents it. `path` has no `/<service>/<stage>` prefix; `requestContext.path` has the stage.
 */
export function restEvent(
  request: GatewayRequest,
  match: RouteMatch,
  api: ApiContext,
): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    const existing = multiValueHeaders[name];
    if (existing) existing.push(value);
    else multiValueHeaders[name] = [value];
  }
  const query: Record<string, string> = {};
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of queryPairs(request.rawQuery)) {
    query[name] = value;
    const existing = multiValueQuery[name];
    if (existing) existing.push(value);
    else multiValueQuery[name] = [value];
  }
  const binary = matchesMediaType(headerValue(request, 'content-type'), api.binaryMediaTypes);
  const hasBody = request.body.length > 0;
  const pathParameters = Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null;
  return {
    resource: match.route.path,
    path: request.path,
    httpMethod: request.method,
    headers: request.headers.length > 0 ? headers : null,
    multiValueHeaders: request.headers.length > 0 ? multiValueHeaders : null,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: Object.keys(multiValueQuery).length > 0 ? multiValueQuery : null,
    pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: api.apiId.slice(0, 6),
      resourcePath: match.route.path,
      httpMethod: request.method,
      extendedRequestId: request.requestId,
      requestTime: requestTime(request.receivedAt),
      path: `/${api.stage}${request.path}`,
      accountId: api.accountId,
      protocol: request.protocol,
      stage: api.stage,
      domainPrefix: request.host.split('.')[0]?.split(':')[0] ?? '',
      requestTimeEpoch: request.receivedAt.getTime(),
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: headerValue(request, 'user-agent') ?? null,
        user: null,
      },
      domainName: request.host,
      apiId: api.apiId,
    },
    body: hasBody ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  };
}

const responseKeys = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/**
 * A Lambda proxy integration response as a REST API turns it into HTTP, or undefined when it is
 * malformed (AWS answers 502). A base64 body is decoded only when the request's Accept header
 * matches a binary media type, as on AWS; otherwise the client gets the base64 text.
 */
export function restResponse(
  payload: unknown,
  request: GatewayRequest,
  api: ApiContext,
): GatewayResponse | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const response = payload as Record<string, unknown>;
  if (Object.keys(response).some((key) => !responseKeys.has(key))) return undefined;
  const { statusCode, body, isBase64Encoded } = response;
  const status = typeof statusCode === 'string' ? Number(statusCode) : statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return undefined;
  }
  const headers = mergedHeaders(response.headers, response.multiValueHeaders);
  if (!headers) return undefined;
  const text = typeof body === 'string' ? body : '';
  const decode =
    isBase64Encoded === true && matchesMediaType(headerValue(request, 'accept'), api.binaryMediaTypes);
  return { statusCode: status, headers, body: Buffer.from(text, decode ? 'base64' : 'utf8') };
}

/** `headers` and `multiValueHeaders` merged; a name in both takes the multi-value list, as on AWS. */
function mergedHeaders(single: unknown, multi: unknown): [string, string][] | undefined {
  const isRecord = (value: unknown) => value === undefined || value === null || typeof value === 'object';
  if (!isRecord(single) || !isRecord(multi)) return undefined;
  const result: [string, string][] = [];
  const multiNames = new Set<string>();
  for (const [name, values] of Object.entries((multi ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(values)) return undefined;
    multiNames.add(name.toLowerCase());
    for (const value of values) result.push([name, String(value)]);
  }
  for (const [name, value] of Object.entries((single ?? {}) as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object') return undefined;
    if (!multiNames.has(name.toLowerCase())) result.push([name, String(value)]);
  }
  return result;
}
