import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import type { DynamoDbStore } from '../src/aws/dynamodb-store.js';
import { openStore } from '../src/index.js';
import type { ExperimentSummary } from '../src/results/experiment-summary.js';
import { clientView, fixturesDir } from './support/local-scientist.js';

const packageDir = path.resolve(import.meta.dirname, '..');
const token = 'http-api-test-token-0123456789';

/**
 * The scientist's own serverless.yml without its REST (`http:`) events, beside a copy of its
 * bundle: locally a REST route wins over an HTTP API route at the same path, so only this
 * variant proves the proxy end to end with payload 2.0 events.
 */
function httpApiOnlyScientist(dir: string): void {
  const document = parseDocument(readFileSync(path.join(packageDir, 'serverless.yml'), 'utf8'));
  const functions = document.get('functions') as { items: { value: { get(key: string): unknown } }[] };
  for (const { value } of functions.items) {
    const events = value.get('events') as { items: { toJSON(): unknown }[] } | undefined;
    if (!events) continue;
    events.items = events.items.filter((event) => !Object.hasOwn(event.toJSON() as object, 'http'));
  }
  writeFileSync(path.join(dir, 'serverless.yml'), document.toString());
  mkdirSync(path.join(dir, 'dist/lambda'), { recursive: true });
  for (const file of readdirSync(path.join(packageDir, 'dist/lambda')).filter((name) =>
    name.endsWith('.mjs'),
  ))
    copyFileSync(path.join(packageDir, 'dist/lambda', file), path.join(dir, 'dist/lambda', file));
  copyFileSync(path.join(packageDir, 'experiments.yaml'), path.join(dir, 'experiments.yaml'));
}

/** An address of this machine that is not loopback, for calling the gateway as a remote client would. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('the scientist behind an HTTP API only, listening beyond loopback', () => {
  let root: string;
  let cloud: LocalCloud;
  let store: DynamoDbStore;
  let gateway: string;
  const tokenBefore = process.env.SCIENTIST_API_TOKEN;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'scientist-http-api-'));
    const serviceDir = path.join(root, 'scientist');
    mkdirSync(serviceDir);
    httpApiOnlyScientist(serviceDir);
    // What `scientist up --host 0.0.0.0` does: the deploy puts this into the api function's environment.
    process.env.SCIENTIST_API_TOKEN = token;
    cloud = await startLocalCloud({
      root,
      port: 0,
      host: '0.0.0.0',
      stateDir: path.join(root, '.scientist'),
      persist: false,
    });
    gateway = `http://127.0.0.1:${new URL(cloud.endpoints.gateway).port}`;
    await cloud.deploy(fixturesDir);
    const deployed = await cloud.deploy(serviceDir);
    expect(deployed.routes.map((route) => route.kind)).not.toContain('rest');
    store = openStore({
      endpoint: `http://127.0.0.1:${new URL(cloud.endpoints.dynamodb).port}`,
      tableName: 'scientist-dev',
    });
    await store.publishDefinition(readFileSync(path.join(fixturesDir, 'experiments.yaml'), 'utf8'), 'upload');
  }, 60_000);

  afterAll(async () => {
    if (tokenBefore === undefined) delete process.env.SCIENTIST_API_TOKEN;
    else process.env.SCIENTIST_API_TOKEN = tokenBefore;
    store?.destroy();
    await cloud?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 30_000);

  test('answers byte for byte as the control behind its own HTTP API, and shadows the 2.0 event marked', async () => {
    const requests: [string, RequestInit?][] = [
      ['v2/fixture?n=2'],
      ['v2/fixture?n=3&shape=binary'],
      ['v2/fixture?n=4&shape=multi'],
      [
        'v2/fixture?n=5',
        { method: 'POST', body: '{"numbers":[3,1,2]}', headers: { 'content-type': 'application/json' } },
      ],
    ];
    for (const [pathAndQuery, init] of requests) {
      const direct = await clientView(`${gateway}/fixtures/dev/${pathAndQuery}`, init);
      const through = await clientView(`${gateway}/scientist/dev/${pathAndQuery}`, init);
      expect({ ...through, ms: 0 }, pathAndQuery).toEqual({ ...direct, ms: 0 });
      expect(direct.status).toBeLessThan(300);
    }
    // An HTTP API answers an unknown path with its own 404, not REST's 403.
    expect((await clientView(`${gateway}/scientist/dev/nowhere`)).status).toBe(404);

    const summary = async () => {
      const response = await fetch(`${gateway}/scientist/dev/_scientist/api/experiments/http-api`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as ExperimentSummary).candidates[0]!;
    };
    await expect.poll(async () => (await summary()).samples, { timeout: 15_000, interval: 200 }).toBe(4);
    // The candidate answers as the control only when it saw the 2.0 event with the shadow mark.
    expect(await summary()).toMatchObject({ samples: 4, matches: 4, mismatches: 0, errors: 0, timeouts: 0 });
  }, 40_000);

  test.skipIf(outsideAddress() === undefined)(
    'asks every caller for the data API token, on loopback too',
    async () => {
      const outside = `http://${outsideAddress()}:${new URL(cloud.endpoints.gateway).port}`;
      const api = '/scientist/dev/_scientist/api/experiments';
      const call = async (base: string, authorization?: string) => {
        const response = await fetch(`${base}${api}`, {
          headers: authorization ? { authorization } : {},
          signal: AbortSignal.timeout(15_000),
        });
        return { status: response.status, body: (await response.json()) as { message?: string } };
      };
      expect(await call(outside)).toEqual({
        status: 401,
        body: {
          message:
            'the data API needs Authorization: Bearer <token> (`scientist up --host` prints the token and saves it in .scientist/api-token)',
        },
      });
      expect(await call(outside, 'Bearer not-the-token')).toEqual({
        status: 401,
        body: { message: "the bearer token is not this scientist's data API token" },
      });
      expect((await call(outside, `Bearer ${token}`)).status).toBe(200);
      expect((await call(gateway)).status).toBe(401);
      expect((await call(gateway, `Bearer ${token}`)).status).toBe(200);
    },
    20_000,
  );

  test('refuses an event forged with a loopback source and invoked on the api function directly', async () => {
    const lambda = new LambdaClient({
      endpoint: cloud.endpoints.lambda,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    });
    const forged = {
      version: '2.0',
      rawPath: '/_scientist/api/experiments',
      rawQueryString: '',
      headers: { host: 'localhost' },
      requestContext: { http: { method: 'GET', path: '/_scientist/api/experiments', sourceIp: '127.0.0.1' } },
      isBase64Encoded: false,
    };
    try {
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'scientist-dev-api', Payload: JSON.stringify(forged) }),
      );
      const response = JSON.parse(Buffer.from(answer.Payload ?? []).toString()) as { statusCode: number };
      expect(response.statusCode).toBe(401);
    } finally {
      lambda.destroy();
    }
  }, 20_000);
});
