import { describe, expect, test } from 'vitest';
import type { HttpRouteDefinition } from '../src/deploy/service-definition.js';
import type { ApiContext, GatewayRequest } from '../src/gateway/gateway-request.js';
import { httpApiEvent, httpApiResponse } from '../src/gateway/http-api-event.js';
import { restEvent, restResponse } from '../src/gateway/rest-event.js';
import { type RouteMatch, RouteTable } from '../src/gateway/route-table.js';

const api: ApiContext = {
  service: 'control-round',
  stage: 'dev',
  region: 'eu-west-1',
  accountId: '000000000000',
  apiId: '1234567890',
  binaryMediaTypes: ['image/*'],
};

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'GET',
    path: '/items/42',
    rawQuery: 'q=a%20b&tag=x&tag=y',
    headers: [
      ['Host', '127.0.0.1:3000'],
      ['User-Agent', 'curl/8.5.0'],
      ['Accept', '*/*'],
      ['X-Multi', 'one'],
      ['X-Multi', 'two'],
      ['Cookie', 'session=abc; theme=dark'],
    ],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    host: '127.0.0.1:3000',
    receivedAt: new Date(Date.UTC(2020, 2, 4, 19, 15, 17, 135)),
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    ...overrides,
  };
}

function route(kind: 'rest' | 'http', method: string, path: string): HttpRouteDefinition {
  return {
    kind,
    method,
    path,
    functionName: `fn ${method} ${path}`,
    payloadVersion: kind === 'rest' ? '1.0' : '2.0',
  };
}

const itemMatch: RouteMatch = { route: route('rest', 'GET', '/items/{id}'), pathParameters: { id: '42' } };

describe('REST API events (payload 1.0)', () => {
  test('a GET with repeated headers and query parameters', () => {
    expect(restEvent(request(), itemMatch, api)).toMatchInlineSnapshot(`
      {
        "body": null,
        "headers": {
          "Accept": "*/*",
          "Cookie": "session=abc; theme=dark",
          "Host": "127.0.0.1:3000",
          "User-Agent": "curl/8.5.0",
          "X-Multi": "two",
        },
        "httpMethod": "GET",
        "isBase64Encoded": false,
        "multiValueHeaders": {
          "Accept": [
            "*/*",
          ],
          "Cookie": [
            "session=abc; theme=dark",
          ],
          "Host": [
            "127.0.0.1:3000",
          ],
          "User-Agent": [
            "curl/8.5.0",
          ],
          "X-Multi": [
            "one",
            "two",
          ],
        },
        "multiValueQueryStringParameters": {
          "q": [
            "a b",
          ],
          "tag": [
            "x",
            "y",
          ],
        },
        "path": "/items/42",
        "pathParameters": {
          "id": "42",
        },
        "queryStringParameters": {
          "q": "a b",
          "tag": "y",
        },
        "requestContext": {
          "accountId": "000000000000",
          "apiId": "1234567890",
          "domainName": "127.0.0.1:3000",
          "domainPrefix": "127",
          "extendedRequestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
          "httpMethod": "GET",
          "identity": {
            "accessKey": null,
            "accountId": null,
            "caller": null,
            "cognitoAuthenticationProvider": null,
            "cognitoAuthenticationType": null,
            "cognitoIdentityId": null,
            "cognitoIdentityPoolId": null,
            "principalOrgId": null,
            "sourceIp": "127.0.0.1",
            "user": null,
            "userAgent": "curl/8.5.0",
            "userArn": null,
          },
          "path": "/dev/items/42",
          "protocol": "HTTP/1.1",
          "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
          "requestTime": "04/Mar/2020:19:15:17 +0000",
          "requestTimeEpoch": 1583349317135,
          "resourceId": "123456",
          "resourcePath": "/items/{id}",
          "stage": "dev",
        },
        "resource": "/items/{id}",
        "stageVariables": null,
      }
    `);
  });

  test('a binary body is base64-encoded when its content type is a binary media type', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const event = restEvent(
      request({ method: 'POST', rawQuery: '', headers: [['Content-Type', 'image/png']], body: png }),
      itemMatch,
      api,
    );
    expect([event.body, event.isBase64Encoded, event.queryStringParameters]).toEqual([
      png.toString('base64'),
      true,
      null,
    ]);
    const text = restEvent(
      request({
        method: 'POST',
        headers: [['Content-Type', 'application/json']],
        body: Buffer.from('{"a":1}'),
      }),
      itemMatch,
      api,
    );
    expect([text.body, text.isBase64Encoded]).toEqual(['{"a":1}', false]);
  });

  test('responses: headers merged with multiValueHeaders, malformed ones rejected', () => {
    const response = restResponse(
      {
        statusCode: 201,
        headers: { 'content-type': 'text/plain', 'x-one': '1', 'x-both': 'single' },
        multiValueHeaders: { 'x-both': ['a', 'b'] },
        body: 'created',
      },
      request(),
      api,
    );
    expect({ ...response, body: response?.body.toString() }).toMatchInlineSnapshot(`
      {
        "body": "created",
        "headers": [
          [
            "x-both",
            "a",
          ],
          [
            "x-both",
            "b",
          ],
          [
            "content-type",
            "text/plain",
          ],
          [
            "x-one",
            "1",
          ],
        ],
        "statusCode": 201,
      }
    `);
    expect(restResponse({ body: 'no status' }, request(), api)).toBeUndefined();
    expect(restResponse({ statusCode: 200, body: { not: 'a string' } }, request(), api)).toBeUndefined();
    expect(restResponse({ statusCode: 200, extra: true }, request(), api)).toBeUndefined();
    expect(restResponse('just a string', request(), api)).toBeUndefined();
  });

  test('a base64 response is decoded only when Accept names a binary media type', () => {
    const payload = {
      statusCode: 200,
      body: Buffer.from([1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    };
    const binary = restResponse(payload, request({ headers: [['Accept', 'image/png']] }), api);
    const text = restResponse(payload, request({ headers: [['Accept', 'text/html']] }), api);
    expect([...(binary?.body ?? [])]).toEqual([1, 2, 255]);
    expect(text?.body.toString()).toBe('AQL/');
  });
});

describe('HTTP API events (payload 2.0)', () => {
  test('a GET with cookies, joined headers and query values', () => {
    const match: RouteMatch = { route: route('http', 'GET', '/items/{id}'), pathParameters: { id: '42' } };
    expect(httpApiEvent(request(), match, api)).toMatchInlineSnapshot(`
      {
        "cookies": [
          "session=abc",
          "theme=dark",
        ],
        "headers": {
          "accept": "*/*",
          "host": "127.0.0.1:3000",
          "user-agent": "curl/8.5.0",
          "x-multi": "one,two",
        },
        "isBase64Encoded": false,
        "pathParameters": {
          "id": "42",
        },
        "queryStringParameters": {
          "q": "a b",
          "tag": "x,y",
        },
        "rawPath": "/items/42",
        "rawQueryString": "q=a%20b&tag=x&tag=y",
        "requestContext": {
          "accountId": "000000000000",
          "apiId": "1234567890",
          "domainName": "127.0.0.1:3000",
          "domainPrefix": "127",
          "http": {
            "method": "GET",
            "path": "/items/42",
            "protocol": "HTTP/1.1",
            "sourceIp": "127.0.0.1",
            "userAgent": "curl/8.5.0",
          },
          "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
          "routeKey": "GET /items/{id}",
          "stage": "$default",
          "time": "04/Mar/2020:19:15:17 +0000",
          "timeEpoch": 1583349317135,
        },
        "routeKey": "GET /items/{id}",
        "version": "2.0",
      }
    `);
  });

  test('bodies that are not text arrive base64-encoded; empty fields are left out', () => {
    const match: RouteMatch = { route: route('http', 'ANY', '*'), pathParameters: {} };
    const event = httpApiEvent(
      request({
        method: 'POST',
        rawQuery: '',
        headers: [['content-type', 'application/octet-stream']],
        body: Buffer.from([0, 1, 2]),
      }),
      match,
      api,
    );
    expect(event).toMatchObject({ routeKey: '$default', body: 'AAEC', isBase64Encoded: true });
    expect(Object.keys(event)).not.toContain('queryStringParameters');
    expect(Object.keys(event)).not.toContain('pathParameters');
    expect(Object.keys(event)).not.toContain('cookies');
  });

  test('responses: full form, simple form and malformed', () => {
    const full = httpApiResponse(
      JSON.stringify({ statusCode: 302, headers: { location: '/x' }, cookies: ['a=1', 'b=2'], body: '' }),
    );
    expect(full?.statusCode).toBe(302);
    expect(full?.headers).toEqual([
      ['location', '/x'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    const simple = httpApiResponse(JSON.stringify({ rounded: 3 }));
    expect([simple?.statusCode, simple?.headers, simple?.body.toString()]).toEqual([
      200,
      [['content-type', 'application/json']],
      '{"rounded":3}',
    ]);
    expect(httpApiResponse('"hello"')?.body.toString()).toBe('"hello"');
    expect(httpApiResponse(JSON.stringify({ statusCode: 'abc' }))).toBeUndefined();
    expect(httpApiResponse('not json')).toBeUndefined();
    const binary = httpApiResponse(JSON.stringify({ statusCode: 200, body: 'AQL/', isBase64Encoded: true }));
    expect([...(binary?.body ?? [])]).toEqual([1, 2, 255]);
  });
});

describe('routing', () => {
  const table = new RouteTable([
    route('rest', 'GET', '/items/{id}'),
    route('rest', 'GET', '/items/special'),
    route('rest', 'ANY', '/{proxy+}'),
    route('rest', 'POST', '/items/{id}'),
    route('rest', 'GET', '/'),
    route('rest', 'ANY', '/files/{path+}'),
    route('rest', 'PUT', '/only-put'),
  ]);
  const chosen = (method: string, path: string) => {
    const match = table.match(method, path);
    return 'miss' in match
      ? `miss:${match.miss}`
      : `${match.route.functionName} ${JSON.stringify(match.pathParameters)}`;
  };

  test('literal beats {param} beats {proxy+}; a method beats ANY', () => {
    expect({
      special: chosen('GET', '/items/special'),
      param: chosen('GET', '/items/7'),
      postParam: chosen('POST', '/items/7'),
      greedy: chosen('DELETE', '/a/b/c'),
      root: chosen('GET', '/'),
      files: chosen('GET', '/files/a/b%20c.txt'),
      wrongMethodOnResource: chosen('GET', '/only-put'),
    }).toMatchInlineSnapshot(`
      {
        "files": "fn ANY /files/{path+} {"path":"a/b c.txt"}",
        "greedy": "fn ANY /{proxy+} {"proxy":"a/b/c"}",
        "param": "fn GET /items/{id} {"id":"7"}",
        "postParam": "fn POST /items/{id} {"id":"7"}",
        "root": "fn GET / {}",
        "special": "fn GET /items/special {}",
        "wrongMethodOnResource": "miss:rest",
      }
    `);
  });

  test('HTTP APIs: unknown routes miss as 404, $default catches the rest, REST wins a collision', () => {
    const httpOnly = new RouteTable([
      route('http', 'GET', '/round'),
      route('http', 'ANY', '/round/{proxy+}'),
    ]);
    expect(httpOnly.match('GET', '/nope')).toEqual({ miss: 'http' });
    expect(httpOnly.match('POST', '/round')).toEqual({ miss: 'http' });
    const withDefault = new RouteTable([route('http', 'GET', '/round'), route('http', 'ANY', '*')]);
    const fallback = withDefault.match('POST', '/anything');
    expect('route' in fallback && fallback.route.path).toBe('*');
    const mixed = new RouteTable([route('http', 'GET', '/round'), route('rest', 'GET', '/round')]);
    const collision = mixed.match('GET', '/round');
    expect('route' in collision && collision.route.kind).toBe('rest');
  });
});
