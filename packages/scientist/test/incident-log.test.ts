import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { incidentLog } from '../src/lambda/incident-log.js';
import { ScientistProxy } from '../src/proxy/scientist-proxy.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { restEvent } from './support/gateway-events.js';
import { InMemoryLambda } from './support/in-memory-lambda.js';

const context = {
  awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
  functionName: 'scientist-dev-proxy',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:scientist-dev-proxy',
  memoryLimitInMB: '1769',
} as Context;

/** What the Powertools logger and metrics print, one JSON document a line, as CloudWatch gets it. */
function printed(): { records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  return { records: () => lines.map((line) => JSON.parse(line)) };
}

describe("the proxy's incident records", () => {
  const saved = process.env.POWERTOOLS_DEV;
  beforeEach(() => {
    delete process.env.POWERTOOLS_DEV;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved !== undefined) process.env.POWERTOOLS_DEV = saved;
  });

  test('carry the Lambda context, the experiment and the candidate, and count the incident', async () => {
    const output = printed();
    // As lambda/proxy.ts builds them.
    const logger = new Logger({ serviceName: 'scientist-proxy' });
    const metrics = new Metrics({ serviceName: 'scientist-proxy', namespace: 'ServerlessScientist' });
    logger.addContext(context);
    const lambda = new InMemoryLambda({
      'control-round': () => ({ statusCode: 200, body: '2' }),
      'candidate-crashes': () => {
        throw new Error('crashed on purpose');
      },
      'scientist-dev-runner': () => undefined,
    });
    const proxy = new ScientistProxy({
      definitions: {
        current: async () => ({
          version: 1,
          experiments: experimentsOf(
            experimentsYaml({ crashes: 'candidate-crashes' }, '    serve:\n      crashes: { percent: 100 }'),
          ),
        }),
      },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
      onIncident: incidentLog(logger, metrics),
    });
    await proxy.handle(restEvent('GET', 'round', { number: '1.5' }));
    metrics.publishStoredMetrics();

    const [record, emf, ...others] = output.records();
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      level: 'WARN',
      message: "a served candidate failed; the client got the control's answer",
      service: 'scientist-proxy',
      cold_start: expect.any(Boolean),
      function_name: 'scientist-dev-proxy',
      function_request_id: context.awsRequestId,
      function_memory_size: '1769',
      problem: 'served-candidate-failed',
      experiment: 'rounding-float',
      candidate: 'crashes',
      requestId: expect.any(String),
      reason: 'function error (Unhandled)',
    });
    expect(emf).toMatchObject({ service: 'scientist-proxy', ServedFallbacks: 1 });
  });
});
