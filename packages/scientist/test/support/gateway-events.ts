/** API Gateway events as AWS sends them (trimmed to the fields a handler reads). */
export function restEvent(method: string, path: string, query: Record<string, string> = {}, body?: string) {
  return {
    resource: '/{proxy+}',
    path: `/${path}`,
    httpMethod: method,
    headers: { host: '127.0.0.1:3000', 'user-agent': 'test', authorization: 'Bearer secret' },
    multiValueHeaders: { host: ['127.0.0.1:3000'], 'user-agent': ['test'], authorization: ['Bearer secret'] },
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(query).length
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: { proxy: path },
    stageVariables: null,
    requestContext: {
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      stage: 'dev',
      path: `/dev/${path}`,
      httpMethod: method,
      identity: { sourceIp: '127.0.0.1' },
    },
    body: body ?? null,
    isBase64Encoded: false,
  };
}

export function httpApiEvent(method: string, path: string, rawQueryString = '') {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: `/${path}`,
    rawQueryString,
    headers: { host: '127.0.0.1:3000', 'user-agent': 'test' },
    requestContext: {
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      stage: '$default',
      http: { method, path: `/${path}`, sourceIp: '127.0.0.1' },
    },
    isBase64Encoded: false,
  };
}
