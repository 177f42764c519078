import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type DeployedService,
  type LocalCloud,
  type LocalCloudStatus,
  startLocalCloud,
} from '../src/index.js';

const serviceDir = fileURLToPath(new URL('./fixtures/gateway-echo', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
let cloud: LocalCloud;
let deployed: DeployedService;
let stateDir: string;
let base: string;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'gateway-cloud-'));
  cloud = await startLocalCloud({ root, port: 0, stateDir, persist: false, gatewayTimeoutMs: 1500 });
  deployed = await cloud.deploy(serviceDir);
  base = `${cloud.endpoints.gateway}/gateway-echo/test`;
}, 30_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

async function call(pathAndQuery: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${pathAndQuery}`, init);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, text: body.toString('utf8') };
}

describe('a deployed service behind API Gateway', () => {
  test('deploy reports functions, routes and tables with their URLs', () => {
    const shape = JSON.parse(
      JSON.stringify(deployed).replaceAll(cloud.endpoints.gateway, 'http://<gateway>'),
    );
    shape.dir = path.relative(root, shape.dir);
    shape.deployMs = typeof shape.deployMs;
    expect(shape).toMatchInlineSnapshot(`
      {
        "build": "none",
        "deployMs": "number",
        "dir": "packages/local-cloud/test/fixtures/gateway-echo",
        "functions": [
          {
            "arn": "arn:aws:lambda:eu-west-1:000000000000:function:gateway-echo-test-echo",
            "memorySizeMb": 256,
            "name": "gateway-echo-test-echo",
            "runtime": "nodejs22.x",
            "url": "http://<gateway>/gateway-echo/test/echo/{proxy+}",
          },
          {
            "arn": "arn:aws:lambda:eu-west-1:000000000000:function:gateway-echo-test-behave",
            "memorySizeMb": 256,
            "name": "gateway-echo-test-behave",
            "runtime": "nodejs22.x",
            "url": "http://<gateway>/gateway-echo/test/crash",
          },
          {
            "arn": "arn:aws:lambda:eu-west-1:000000000000:function:gateway-echo-test-store",
            "memorySizeMb": 256,
            "name": "gateway-echo-test-store",
            "runtime": "nodejs22.x",
            "url": "http://<gateway>/gateway-echo/test/store/{key}",
          },
        ],
        "region": "eu-west-1",
        "routes": [
          {
            "functionName": "gateway-echo-test-echo",
            "kind": "rest",
            "method": "ANY",
            "path": "/echo/{proxy+}",
            "url": "http://<gateway>/gateway-echo/test/echo/{proxy+}",
          },
          {
            "functionName": "gateway-echo-test-echo",
            "kind": "rest",
            "method": "GET",
            "path": "/items/{id}",
            "url": "http://<gateway>/gateway-echo/test/items/{id}",
          },
          {
            "functionName": "gateway-echo-test-echo",
            "kind": "rest",
            "method": "GET",
            "path": "/items/special",
            "url": "http://<gateway>/gateway-echo/test/items/special",
          },
          {
            "functionName": "gateway-echo-test-echo",
            "kind": "http",
            "method": "GET",
            "path": "/v2/items/{id}",
            "url": "http://<gateway>/gateway-echo/test/v2/items/{id}",
          },
          {
            "functionName": "gateway-echo-test-echo",
            "kind": "http",
            "method": "POST",
            "path": "/v2/echo",
            "url": "http://<gateway>/gateway-echo/test/v2/echo",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "rest",
            "method": "GET",
            "path": "/crash",
            "url": "http://<gateway>/gateway-echo/test/crash",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "rest",
            "method": "GET",
            "path": "/malformed",
            "url": "http://<gateway>/gateway-echo/test/malformed",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "rest",
            "method": "GET",
            "path": "/slow",
            "url": "http://<gateway>/gateway-echo/test/slow",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "rest",
            "method": "POST",
            "path": "/binary",
            "url": "http://<gateway>/gateway-echo/test/binary",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "http",
            "method": "GET",
            "path": "/v2/crash",
            "url": "http://<gateway>/gateway-echo/test/v2/crash",
          },
          {
            "functionName": "gateway-echo-test-behave",
            "kind": "http",
            "method": "GET",
            "path": "/v2/plain",
            "url": "http://<gateway>/gateway-echo/test/v2/plain",
          },
          {
            "functionName": "gateway-echo-test-store",
            "kind": "rest",
            "method": "POST",
            "path": "/store/{key}",
            "url": "http://<gateway>/gateway-echo/test/store/{key}",
          },
        ],
        "service": "gateway-echo",
        "stage": "test",
        "tables": [
          "gateway-echo-test",
        ],
        "warnings": [],
      }
    `);
  });

  test('a REST route gets the 1.0 event with path parameters, query and stage', async () => {
    const response = await call('/items/42?tag=a&tag=b', { headers: { 'X-Custom': 'yes' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('content-type')).toBe('application/json');
    const event = JSON.parse(response.text);
    expect({
      resource: event.resource,
      path: event.path,
      pathParameters: event.pathParameters,
      multiValueQueryStringParameters: event.multiValueQueryStringParameters,
      custom: event.headers['x-custom'] ?? event.headers['X-Custom'],
      stage: event.requestContext.stage,
      requestPath: event.requestContext.path,
    }).toMatchInlineSnapshot(`
      {
        "custom": "yes",
        "multiValueQueryStringParameters": {
          "tag": [
            "a",
            "b",
          ],
        },
        "path": "/items/42",
        "pathParameters": {
          "id": "42",
        },
        "requestPath": "/test/items/42",
        "resource": "/items/{id}",
        "stage": "test",
      }
    `);
  });

  test('literal beats {param}, and {proxy+} takes the rest of the path', async () => {
    const special = JSON.parse((await call('/items/special')).text);
    const greedy = JSON.parse((await call('/echo/a/b/c', { method: 'DELETE' })).text);
    expect([special.resource, greedy.resource, greedy.pathParameters]).toEqual([
      '/items/special',
      '/echo/{proxy+}',
      { proxy: 'a/b/c' },
    ]);
  });

  test('an HTTP API route gets the 2.0 event', async () => {
    const response = await call('/v2/items/7?x=1&x=2', { headers: { cookie: 'a=1; b=2' } });
    expect(response.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const event = JSON.parse(response.text);
    expect([
      event.version,
      event.routeKey,
      event.rawPath,
      event.pathParameters,
      event.queryStringParameters,
      event.cookies,
    ]).toEqual(['2.0', 'GET /v2/items/{id}', '/v2/items/7', { id: '7' }, { x: '1,2' }, ['a=1', 'b=2']]);
  });

  test('unknown paths and methods: 403 Missing Authentication Token (REST), 404 on an unknown service', async () => {
    const unknownPath = await call('/nowhere');
    const unknownMethod = await call('/items/1', { method: 'PUT' });
    expect([unknownPath.status, unknownPath.text, unknownPath.headers.get('x-amzn-errortype')]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
      'MissingAuthenticationTokenException',
    ]);
    expect([unknownMethod.status, unknownMethod.text]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
    ]);
    const otherService = await fetch(`${cloud.endpoints.gateway}/no-such-service/test/x`);
    expect(otherService.status).toBe(403);
  });

  test('a crashing handler or malformed response: 502 on REST, 500 on HTTP APIs', async () => {
    const crash = await call('/crash');
    const malformed = await call('/malformed');
    const httpCrash = await call('/v2/crash');
    expect([crash.status, crash.text]).toEqual([502, '{"message": "Internal server error"}']);
    expect([malformed.status, malformed.text]).toEqual([502, '{"message": "Internal server error"}']);
    expect([httpCrash.status, httpCrash.text]).toEqual([500, '{"message":"Internal Server Error"}']);
  });

  test('an HTTP API handler returning a plain object gets a 200 JSON response', async () => {
    const plain = await call('/v2/plain');
    expect([plain.status, plain.headers.get('content-type'), plain.text]).toEqual([
      200,
      'application/json',
      '{"plain":true}',
    ]);
  });

  test('past the integration timeout: 504 Endpoint request timed out', async () => {
    const slow = await call('/slow');
    expect([slow.status, slow.text]).toEqual([504, '{"message": "Endpoint request timed out"}']);
  });

  test('binary bodies round-trip base64 both ways', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128]);
    const response = await call('/binary', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect([...response.body]).toEqual([...bytes].reverse());
  });

  test('functions reach DynamoDB through the SDK, with the table from serverless.yml', async () => {
    const response = await call('/store/k1', {
      method: 'POST',
      body: 'v1',
      headers: { 'content-type': 'text/plain' },
    });
    expect([response.status, response.text]).toEqual([201, '{"stored":"v1"}']);
    const dynamodb = new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'gateway-echo-test' }));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    dynamodb.destroy();
  });

  test('the Lambda endpoint serves the SDK client', async () => {
    const lambda = new LambdaClient({
      endpoint: cloud.endpoints.lambda,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: 'gateway-echo-test-behave',
        Payload: JSON.stringify({ path: '/other' }),
      }),
    );
    expect(Buffer.from(result.Payload ?? []).toString()).toBe('{"plain":true}');
    lambda.destroy();
  });

  test('the admin API reports status and services', async () => {
    const status = (await (
      await fetch(`${cloud.endpoints.gateway}/_local-cloud/status`)
    ).json()) as LocalCloudStatus;
    expect(status.services.map((service) => service.service)).toEqual(['gateway-echo']);
    const echo = status.services[0]?.functions.find((fn) => fn.name === 'gateway-echo-test-echo');
    expect(echo?.environments).toBeGreaterThan(0);
  });
});
