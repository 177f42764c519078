import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DataApi } from '../src/api/data-api.js';
import { ResultsQuery } from '../src/results/results-query.js';
import { startDynamoDb, type TestDynamoDb } from './support/dynalite.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { httpApiEvent, restEvent } from './support/gateway-events.js';

describe('the data API', () => {
  let dynamo: TestDynamoDb;
  let api: DataApi;
  let guarded: DataApi;
  let unconfigured: DataApi;
  const experiments = experimentsOf(experimentsYaml({ 'candidate-1': 'candidate-agrees' }));

  beforeAll(async () => {
    dynamo = await startDynamoDb('api-test');
    const common = {
      definitions: { current: async () => ({ version: 4, experiments }) },
      results: new ResultsQuery(dynamo.store),
      history: async () => [{ version: 4, origin: 'upload' }],
    };
    // A local cloud on loopback: the deployment says no token is needed.
    api = new DataApi({ ...common, token: async () => undefined, openWithoutToken: true });
    // `up --host` and AWS: a token, needed by every caller.
    guarded = new DataApi({ ...common, token: async () => 'sekret-token' });
    unconfigured = new DataApi({ ...common, token: async () => undefined });
  });
  afterAll(async () => dynamo?.stop());

  const call = async (event: Record<string, unknown>, through = api) => {
    const response = await through.handle(event);
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };
  const from = (ip: string, path: string, headers: Record<string, string> = {}) => {
    const event = restEvent('GET', path);
    // Only the headers given: the sample event's own Authorization would stand in for a token.
    const { authorization: _sample, ...others } = event.headers as Record<string, string>;
    return {
      ...event,
      headers: { ...others, ...headers },
      multiValueHeaders: {},
      requestContext: { ...event.requestContext, identity: { sourceIp: ip } },
    };
  };

  test('lists experiments and answers summaries, mismatches and series from loopback without a token', async () => {
    expect(await call(restEvent('GET', '_scientist/api/experiments'))).toEqual({
      status: 200,
      body: {
        version: 4,
        experiments: [
          {
            id: 'rounding-float',
            name: 'rounding-float',
            path: 'round',
            methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
            enabled: true,
            control: { id: 'control', name: 'Round Node', functionName: 'control-round' },
            candidates: [
              {
                id: 'candidate-1',
                name: 'candidate-agrees',
                functionName: 'candidate-agrees',
                samplePercent: 100,
                timeoutMs: 10_000,
                enabled: true,
              },
            ],
          },
        ],
      },
    });
    const summary = await call(
      httpApiEvent('GET', '_scientist/api/experiments/rounding-float', 'minutes=30'),
    );
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ id: 'rounding-float', control: { samples: 0 } });
    expect(await call(restEvent('GET', '_scientist/api/experiments/rounding-float/mismatches'))).toEqual({
      status: 200,
      body: { mismatches: [] },
    });
    expect(await call(restEvent('GET', '_scientist/api/experiments/rounding-float/series'))).toEqual({
      status: 200,
      body: { series: [] },
    });
    expect((await call(restEvent('GET', '_scientist/api/results'))).body.experiments).toHaveLength(1);
    expect(await call(restEvent('GET', '_scientist/api/definitions'))).toEqual({
      status: 200,
      body: { versions: [{ version: 4, origin: 'upload' }] },
    });
  });

  test('needs the bearer token from every caller once one is configured, whatever the event says its source is', async () => {
    // The event's sourceIp is written by whoever invokes the function: a forged 127.0.0.1 is refused too.
    for (const ip of ['203.0.113.9', '127.0.0.1', '::1']) {
      expect(await call(from(ip, '_scientist/api/experiments'), guarded), ip).toEqual({
        status: 401,
        body: {
          message:
            'the data API needs Authorization: Bearer <token> (`scientist up --host` prints the token and saves it in .scientist/api-token)',
        },
      });
    }
    expect(
      await call(from('127.0.0.1', '_scientist/api/experiments', { authorization: 'Bearer wrong' }), guarded),
    ).toEqual({ status: 401, body: { message: "the bearer token is not this scientist's data API token" } });
    const allowed = await call(
      from('203.0.113.9', '_scientist/api/experiments', { authorization: 'Bearer sekret-token' }),
      guarded,
    );
    expect(allowed.status).toBe(200);
  });

  test('refuses every caller when no token is configured and the deployment does not open it', async () => {
    expect((await call(from('127.0.0.1', '_scientist/api/experiments'), unconfigured)).status).toBe(401);
  });

  test('says what is wrong with a request', async () => {
    expect(await call(restEvent('GET', '_scientist/api/experiments/%E0%A4%A'))).toEqual({
      status: 400,
      body: { message: 'the path /_scientist/api/experiments/%E0%A4%A has a malformed % escape' },
    });
    expect(await call(restEvent('GET', '_scientist/api/experiments/nope'))).toEqual({
      status: 404,
      body: { message: "no experiment 'nope'; known: rounding-float" },
    });
    expect(await call(restEvent('GET', '_scientist/api/results', { minutes: '-1' }))).toEqual({
      status: 400,
      body: { message: 'minutes must be a positive number' },
    });
    expect((await call(restEvent('POST', '_scientist/api/experiments'))).status).toBe(405);
    expect(await call(restEvent('GET', '_scientist/api/nothing'))).toEqual({
      status: 404,
      body: { message: 'no such data API route: /_scientist/api/nothing' },
    });
  });
});
