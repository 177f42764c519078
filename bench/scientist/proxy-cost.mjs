#!/usr/bin/env node
// What the proxy itself costs per request, apart from the network and the machine's other work:
// (1) ScientistProxy.handle with an invoker that answers at once (routing, sampling, building the
// hand-off), and (2) the real LambdaInvoker's CPU per call against a minimal HTTP server on
// loopback (the SDK: serialising, signing, the HTTP client); then (3) both again with X-Ray
// tracing on as on AWS (a sampled trace, subsegments sent to a UDP socket standing in for the
// daemon), since the local cloud never loads the X-Ray SDK. For reference, (4) the same invoke as
// a bare node:http request signed by the SDK's own SigV4 signer: what HTTP and signing cost without
// the SDK client's middleware. Run after building the scientist.
// Usage: node bench/scientist/proxy-cost.mjs [--requests 20000] [--calls 2000]
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';

const root = path.resolve(import.meta.dirname, '../..');
const { values: options } = parseArgs({
  options: { requests: { type: 'string', default: '20000' }, calls: { type: 'string', default: '2000' } },
});
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { ScientistProxy, LambdaInvoker, checkExperiments } = await import(
  path.join(root, 'packages/scientist/dist/index.js')
);

const checked = checkExperiments(
  readFileSync(path.join(import.meta.dirname, 'fixtures/experiments.yaml'), 'utf8'),
);
if (!checked.ok) throw new Error(checked.problems.join('\n'));
const controlPayload = Buffer.from(
  JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"n":1}' }),
);
const logTail =
  'REPORT RequestId: r\tDuration: 5.00 ms\tBilled Duration: 6 ms\tMemory Size: 1769 MB\tMax Memory Used: 50 MB\t';
// A REST (payload 1.0) event the size the local cloud sends for a small GET.
const headers = { accept: '*/*', host: '127.0.0.1:3000', 'user-agent': 'node', 'x-forwarded-proto': 'http' };
const eventFor = (route, requestId) => ({
  resource: '/{proxy+}',
  path: `/${route}`,
  httpMethod: 'GET',
  headers,
  multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
  queryStringParameters: { n: '12' },
  multiValueQueryStringParameters: { n: ['12'] },
  pathParameters: { proxy: route },
  stageVariables: null,
  requestContext: {
    resourcePath: '/{proxy+}',
    httpMethod: 'GET',
    path: `/dev/${route}`,
    accountId: '000000000000',
    stage: 'dev',
    requestId,
    identity: { sourceIp: '127.0.0.1', userAgent: 'node' },
    apiId: 'local',
  },
  body: null,
  isBase64Encoded: false,
});

const perCall = (usage, count) => ((usage.user + usage.system) / count).toFixed(1);
const lines = ['| what | CPU per request or call |', '| --- | --- |'];

const instant = {
  invoke: async (request) =>
    request.invocationType === 'Event'
      ? { kind: 'accepted' }
      : { kind: 'returned', payload: controlPayload, logTail },
};
const proxy = new ScientistProxy({
  definitions: { current: async () => ({ version: 1, experiments: checked.experiments }) },
  invoker: instant,
  runnerFunction: 'runner',
});
const requests = Number(options.requests);
async function measureProxy(routes, suffix = '') {
  for (const route of routes) {
    for (let i = 0; i < 2000; i++) await proxy.handle(eventFor(route, `warm-${i}`));
    const started = process.cpuUsage();
    for (let i = 0; i < requests; i++) await proxy.handle(eventFor(route, `r${i}`));
    const label = route === 'one' ? 'proxy, one candidate sampled' : 'proxy, none sampled';
    lines.push(
      `| ${label} (invoker answers at once)${suffix} | ${perCall(process.cpuUsage(started), requests)} µs |`,
    );
  }
}
await measureProxy(['one', 'none']);

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(request.headers['x-amz-invocation-type'] === 'Event' ? 202 : 200, {
      'content-type': 'application/json',
    });
    response.end(controlPayload);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const config = {
  endpoint: `http://127.0.0.1:${server.address().port}`,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const payload = Buffer.from(JSON.stringify(eventFor('one', 'sdk')));
const calls = Number(options.calls);
// With a timeout too, as the runner calls candidates and the proxy hands off: the timer is the caller's.
const variants = [
  ['RequestResponse', undefined],
  ['RequestResponse', 5000],
  ['Event', 1000],
];
async function measureInvoker(invoker, suffix = '') {
  for (const [invocationType, timeoutMs] of variants) {
    const call = () =>
      invoker.invoke({
        functionName: 'f',
        payload,
        invocationType,
        logTail: invocationType !== 'Event',
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    for (let i = 0; i < 300; i++) await call();
    const started = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const label = `${invocationType}${timeoutMs ? `, ${timeoutMs} ms timeout` : ''}`;
    const who = invoker === bare ? 'invoke' : 'LambdaInvoker';
    lines.push(
      `| ${who}, ${label} (server included)${suffix} | ${perCall(process.cpuUsage(started), calls)} µs |`,
    );
  }
}
/**
 * (4) The reference: one keep-alive node:http request per call, signed by the Lambda client's own
 * SigV4 signer (the client is built only for it), answered and read whole; the same outcome shapes
 * as LambdaInvoker's, none of its middleware.
 */
const signingClient = new LambdaClient(config);
const signer = await signingClient.config.signer();
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const bare = {
  async invoke({ functionName, payload: body, invocationType, logTail: tail, timeoutMs }) {
    const { port } = server.address();
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      query: {},
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
        'x-amz-invocation-type': invocationType,
        'x-amz-log-type': tail ? 'Tail' : 'None',
      },
      body,
    });
    let timer;
    const response = await new Promise((resolve, reject) => {
      const request = http.request(
        { agent, host: '127.0.0.1', port, method: 'POST', path: signed.path, headers: signed.headers },
        resolve,
      );
      request.on('error', reject);
      if (timeoutMs) timer = setTimeout(() => request.destroy(new Error('timed out')), timeoutMs);
      request.end(body);
    });
    const chunks = [];
    for await (const chunk of response) chunks.push(chunk);
    clearTimeout(timer);
    if (invocationType === 'Event') return { kind: 'accepted' };
    return { kind: 'returned', payload: Buffer.concat(chunks) };
  },
};

const untraced = new LambdaInvoker({ config });
const daemon = createSocket('udp4');
await new Promise((resolve) => daemon.bind(0, '127.0.0.1', resolve));
let traced;
try {
  await measureInvoker(untraced);
  await measureInvoker(bare, ', as a bare signed node:http request (reference)');
  // Lambda's environment with a sampled trace, as the X-Ray SDK reads it when it loads.
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: root,
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    _X_AMZN_TRACE_ID: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1`,
  });
  const { clientTracingFor } = await import(path.join(root, 'packages/scientist/dist/aws/client-tracing.js'));
  traced = new LambdaInvoker({ config, tracing: await clientTracingFor('proxy-cost') });
  await measureInvoker(traced, ', traced');
  // Most requests on AWS are not sampled (1 a second and 5 % of the rest, by default).
  process.env._X_AMZN_TRACE_ID = process.env._X_AMZN_TRACE_ID.replace('Sampled=1', 'Sampled=0');
  await measureInvoker(traced, ', traced, trace not sampled');
  // The X-Ray SDK's context tracking, once loaded, is paid by every promise the proxy makes.
  await measureProxy(['one'], ', X-Ray SDK loaded');
} finally {
  untraced.destroy();
  traced?.destroy();
  daemon.close();
  server.close();
  agent.destroy();
  signingClient.destroy();
}
process.stdout.write(`${lines.join('\n')}\n`);
