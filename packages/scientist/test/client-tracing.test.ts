import { createSocket } from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { clientTracingFor, tracingWanted, UNTRACED } from '../src/aws/client-tracing.js';
import { LambdaInvoker } from '../src/aws/lambda-invoker.js';

// What the local cloud gives a function: Lambda's variables, a trace header, no X-Ray daemon.
const localCloud = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'scientist-dev-proxy',
  LAMBDA_TASK_ROOT: '/work/packages/scientist',
  _X_AMZN_TRACE_ID: 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
};

describe('client tracing', () => {
  test('is wanted only where an X-Ray daemon listens, and can be turned off there', () => {
    expect(tracingWanted(localCloud)).toBe(false);
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ ...localCloud, AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000' })).toBe(true);
    expect(
      tracingWanted({
        ...localCloud,
        AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
        POWERTOOLS_TRACE_ENABLED: 'false',
      }),
    ).toBe(false);
  });

  test('leaves clients as built on the local cloud', async () => {
    expect(await clientTracingFor('scientist-proxy', localCloud)).toBe(UNTRACED);
  });

  test('sends each invoke to the daemon as a subsegment naming the function', async () => {
    const daemon = createSocket('udp4');
    const received: string[] = [];
    daemon.on('message', (message) => received.push(message.toString('utf8')));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // A sampled invocation on Lambda: the X-Ray SDK reads these when it loads and on each call.
    const traceRoot = `1-${Math.floor(Date.now() / 1000).toString(16)}-0123456789abcdef01234567`;
    const env = {
      ...localCloud,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
      _X_AMZN_TRACE_ID: `Root=${traceRoot};Parent=89abcdef01234567;Sampled=1`,
    };
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    const invoker = new LambdaInvoker({
      config: {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      },
      tracing: await clientTracingFor('scientist-proxy', env),
    });
    try {
      const outcome = await invoker.invoke({
        functionName: 'control-round-dev',
        payload: new TextEncoder().encode('{}'),
        invocationType: 'RequestResponse',
      });
      expect(outcome).toMatchObject({ kind: 'returned' });
      await expect.poll(() => received.length).toBeGreaterThan(0);
      const subsegment = JSON.parse(received[0]?.split('\n')[1] ?? '{}');
      expect(subsegment).toMatchObject({
        type: 'subsegment',
        trace_id: traceRoot,
        parent_id: '89abcdef01234567',
        name: 'Lambda',
        namespace: 'aws',
        aws: { operation: 'Invoke', function_name: 'control-round-dev' },
      });
      expect(subsegment.end_time).toBeGreaterThanOrEqual(subsegment.start_time);
    } finally {
      invoker.destroy();
      server.close();
      daemon.close();
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });
});
