import {
  type ApiContext,
  type GatewayRequest,
  headerValue,
  isTextContentType,
  queryPairs,
  requestTime,
} from './gateway-request.js';
import type { GatewayResponse } from './gateway-response.js';
import type { RouteMatch } from './route-table.js';

/**
 * The payload 2.0 event an HTTP API sends, as AWS documents it: lower-case headers with repeated
 * values joined by commas, cookies apart, query values joined by commas, empty fields left out.
 * On AWS the `$default` stage has no path prefix, so `rawPath` is the path under the prefix.
 */
export function httpApiEvent(
  request: GatewayRequest,
  match: RouteMatch,
  api: ApiContext,
): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ''),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of queryPairs(request.rawQuery)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const routeKey = match.route.path === '*' ? '$default' : `${match.route.method} ${match.route.path}`;
  const binary = !isTextContentType(headerValue(request, 'content-type'));
  const hasBody = request.body.length > 0;
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName: request.host,
      domainPrefix: request.host.split('.')[0]?.split(':')[0] ?? '',
      http: {
        method: request.method,
        path: request.path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headerValue(request, 'user-agent') ?? '',
      },
      requestId: request.requestId,
      routeKey,
      stage: '$default',
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...(hasBody ? { body: request.body.toString(binary ? 'base64' : 'utf8') } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    isBase64Encoded: hasBody && binary,
  };
}

/**
 * A payload 2.0 response as an HTTP API turns it into HTTP: an object with `statusCode` is a
 * full response; any other valid JSON is the body of a 200 `application/json` response.
 * Returns undefined for a malformed response (AWS answers 500).
 */
export function httpApiResponse(payloadText: string): GatewayResponse | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return undefined;
  }
  const isFullResponse =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload) && 'statusCode' in payload;
  if (!isFullResponse) {
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(payloadText),
    };
  }
  const response = payload as Record<string, unknown>;
  const status = Number(response.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const { body, isBase64Encoded, cookies } = response;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  const headers: [string, string][] = [];
  if (response.headers !== undefined && response.headers !== null) {
    if (typeof response.headers !== 'object') return undefined;
    for (const [name, value] of Object.entries(response.headers)) headers.push([name, String(value)]);
  }
  if (response.multiValueHeaders !== undefined && response.multiValueHeaders !== null) {
    if (typeof response.multiValueHeaders !== 'object') return undefined;
    for (const [name, values] of Object.entries(response.multiValueHeaders)) {
      if (!Array.isArray(values)) return undefined;
      headers.push([name, values.map(String).join(',')]);
    }
  }
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies)) return undefined;
    for (const cookie of cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode: status,
    headers,
    body: Buffer.from(text, isBase64Encoded === true ? 'base64' : 'utf8'),
  };
}
