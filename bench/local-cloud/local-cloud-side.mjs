// Our side: the same handlers deployed to the local cloud from their serverless.yml, measured
// through the API Gateway (HTTP) and through the Invoke API with the real SDK client.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runCommand } from './command.mjs';
import { keepAliveClient } from './latency.mjs';

const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const buildTimeoutMs = 10 * 60_000;
// Lets the environments a redeploy drained exit before the next cold start is timed.
const settleMs = 200;

export const runtimes = ['node', 'python', 'ruby', 'go', 'java'];

/**
 * Starts a local cloud on ephemeral ports in a throwaway state directory.
 * @returns {Promise<{ cpuQuota: object, prepare: (runtime: string) => Promise<object>, stop: () => Promise<void> }>}
 */
export async function startLocalCloudBench({ log }) {
  const { startLocalCloud, parseReportLine, sdk } = await loadLocalCloud({ log });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'scientist-bench-state-'));
  const cloud = await startLocalCloud({ root: workspaceRoot, port: 0, stateDir, persist: false });
  const client = new sdk.LambdaClient({
    endpoint: cloud.endpoints.lambda,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // A retried invoke would run twice and be timed once.
    maxAttempts: 1,
  });
  const clients = [];
  const cpuQuota = cloud.lambda.cpuQuota();
  log(
    `local cloud: ${cloud.endpoints.gateway} (CPU quota: ${cpuQuota.available ? cpuQuota.mechanism : `none, ${cpuQuota.detail}`})`,
  );

  /** Builds and deploys one runtime's fixture; the handles time its cold and warm requests. */
  const prepare = async (runtime) => {
    const dir = await buildFixture(runtime, { log });
    const deploy = async () => {
      const deployed = await cloud.deploy(dir, { build: false });
      await sleep(settleMs);
      return deployed;
    };
    const deployed = await deploy();
    const [fn] = deployed.functions;
    const route = deployed.routes[0];
    if (!fn || !route) throw new Error(`${dir}/serverless.yml deployed no function with an HTTP route`);
    /** @param {'None' | 'Tail'} [logType] */
    const invoke = async (logType = 'None') => {
      const started = process.hrtime.bigint();
      const answer = await client.send(
        new sdk.InvokeCommand({ FunctionName: fn.name, Payload: Buffer.from('{}'), LogType: logType }),
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const text = Buffer.from(answer.Payload ?? []).toString('utf8');
      if (answer.FunctionError) return { ms, status: 500, body: text };
      const response = JSON.parse(text);
      const tail = answer.LogResult ? Buffer.from(answer.LogResult, 'base64').toString('utf8') : '';
      return { ms, status: response.statusCode, body: response.body, report: parseReportLine(tail) };
    };
    // What the API Gateway itself calls: the Lambda service without the Invoke API's HTTP and SDK.
    const invokeInProcess = async () => {
      const started = process.hrtime.bigint();
      const outcome = await cloud.lambda.invoke(fn.name, '{}');
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const text = Buffer.from(outcome.payload).toString('utf8');
      if (outcome.statusCode !== 200 || outcome.functionError)
        return { ms, status: outcome.statusCode, body: text };
      const response = JSON.parse(text);
      return { ms, status: response.statusCode, body: response.body };
    };
    const http = keepAliveClient(route.url);
    clients.push(http);
    let fresh = true;
    // Every cold measurement after the first redeploys, which replaces the environments.
    const freshEnvironment = async () => {
      if (!fresh) await deploy();
      fresh = false;
    };
    return {
      name: fn.name,
      runtime: fn.runtime,
      memorySizeMb: fn.memorySizeMb,
      url: route.url,
      invoke: () => invoke(),
      invokeInProcess,
      get: http.get,
      /** The first invoke of a new environment, with Lambda's Init Duration from its REPORT line. */
      coldInvoke: async () => {
        await freshEnvironment();
        const first = await invoke('Tail');
        if (first.status !== 200 || first.body !== 'ok') {
          throw new Error(`${fn.name} answered ${first.status} ${first.body} on its first invoke`);
        }
        if (first.report?.initDurationMs === undefined) {
          throw new Error(`${fn.name}: the first invoke's log tail has no REPORT line with an Init Duration`);
        }
        return { clientMs: first.ms, initDurationMs: first.report.initDurationMs, note: first.report.note };
      },
      /** The first GET through the API Gateway to a new environment. */
      coldGet: async () => {
        await freshEnvironment();
        const first = await http.get();
        if (first.status !== 200 || first.body !== 'ok') {
          throw new Error(`GET ${route.url} answered ${first.status} ${first.body} on its first request`);
        }
        return first.ms;
      },
    };
  };

  const stop = async () => {
    for (const http of clients) http.close();
    client.destroy();
    await cloud.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
  return { cpuQuota, prepare, stop };
}

/** Builds the local cloud (cached by Nx) and imports it with the SDK's Lambda client. */
async function loadLocalCloud({ log }) {
  log('local cloud: nx run local-cloud:build');
  await runCommand(
    path.join(workspaceRoot, 'node_modules', '.bin', 'nx'),
    ['run', 'local-cloud:build', '--output-style=stream'],
    {
      cwd: workspaceRoot,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
      timeoutMs: buildTimeoutMs,
    },
  );
  const localCloud = await import('@serverless-scientist/local-cloud');
  const { parseReportLine } = await import('@serverless-scientist/core');
  const sdk = await import('@aws-sdk/client-lambda');
  return { ...localCloud, parseReportLine, sdk };
}

/** Compiles what the language needs compiled, as a user does before `serverless deploy`. */
async function buildFixture(runtime, { log }) {
  const dir = path.join(fixtures, runtime);
  if (runtime === 'go') {
    log('go: go build -tags lambda.norpc -o bootstrap .');
    await runCommand('go', ['build', '-tags', 'lambda.norpc', '-o', 'bootstrap', '.'], {
      cwd: dir,
      env: { CGO_ENABLED: '0' },
      timeoutMs: buildTimeoutMs,
    });
  }
  if (runtime === 'java') {
    log('java: mvn -q -DskipTests package');
    await runCommand('mvn', ['-q', '-DskipTests', 'package'], { cwd: dir, timeoutMs: buildTimeoutMs });
  }
  return dir;
}
