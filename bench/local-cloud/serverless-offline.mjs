// The reference point: the same Node and Python handlers served by `serverless offline start`
// (serverless 3.40, serverless-offline 13.10), measured over HTTP exactly as the local cloud is.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { installServerlessOffline } from './offline-install.mjs';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const readyTimeoutMs = 90_000;
const stopTimeoutMs = 10_000;

/**
 * How each serverless-offline mode runs the Node handler. `default` is what `serverless offline
 * start` does with no flags (13.x: a worker thread per function, each request a message to it);
 * `inProcess` is `--useInProcess`, its fastest Node mode (the handler called in the plugin's own
 * process). Python has one mode either way: a long-lived `python3` process per warm function.
 */
export const offlineNodeModes = {
  default: 'worker threads (the default)',
  inProcess: 'in-process (--useInProcess)',
};

/**
 * Starts serverless-offline on free ports with a service holding `node` and `python` functions.
 * @param {{ log: (line: string) => void, mode: 'default' | 'inProcess' }} options
 * @returns {Promise<{ urls: { node: string; python: string }, stop: () => Promise<void> }>}
 */
export async function startServerlessOffline({ log, mode }) {
  if (!(mode in offlineNodeModes))
    throw new Error(`serverless-offline mode ${mode}: choose default or inProcess`);
  const installDir = await installServerlessOffline({ log });
  // Inside the install, so `plugins: [serverless-offline]` resolves from its node_modules.
  const serviceDir = await mkdtemp(path.join(installDir, 'service-'));
  await copyFile(path.join(fixtures, 'node', 'handler.mjs'), path.join(serviceDir, 'handler.mjs'));
  await copyFile(path.join(fixtures, 'python', 'handler.py'), path.join(serviceDir, 'handler.py'));
  await writeFile(path.join(serviceDir, 'serverless.yml'), serviceYaml());

  const host = '127.0.0.1';
  const [httpPort, lambdaPort, websocketPort, albPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const args = [
    path.join(installDir, 'node_modules', 'serverless', 'bin', 'serverless.js'),
    'offline',
    'start',
    '--host',
    host,
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    '--websocketPort',
    String(websocketPort),
    '--albPort',
    String(albPort),
    '--noPrependStageInUrl',
    ...(mode === 'inProcess' ? ['--useInProcess'] : []),
  ];
  log(`serverless-offline: starting (Node ${offlineNodeModes[mode]}) in ${serviceDir}`);
  const child = spawn(process.execPath, args, {
    cwd: serviceDir,
    env: {
      ...process.env,
      FORCE_COLOR: '0',
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  let output = '';
  const ready = new Promise((resolve) => {
    const watch = (chunk) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
      if (output.includes('Server ready:')) resolve(true);
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await rm(serviceDir, { recursive: true, force: true });
  };
  let timer;
  const outcome = await Promise.race([
    ready,
    exited.then((how) => `serverless offline stopped before it was ready (${how})`),
    new Promise((resolve) => {
      timer = setTimeout(
        () => resolve(`serverless offline was not ready within ${readyTimeoutMs} ms`),
        readyTimeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== true) {
    await stop();
    throw new Error(`${outcome}; its last output:\n${output.trim().split('\n').slice(-20).join('\n')}`);
  }
  const base = `http://${host}:${httpPort}`;
  return { urls: { node: `${base}/node`, python: `${base}/python` }, stop };
}

function serviceYaml() {
  return `service: bench-offline
frameworkVersion: "3"

provider:
  name: aws
  stage: bench
  region: eu-west-1
  memorySize: 1769
  timeout: 10

plugins:
  - serverless-offline

functions:
  node:
    runtime: nodejs20.x
    handler: handler.handler
    events:
      - http: { path: node, method: get }
  python:
    runtime: python3.12
    handler: handler.handler
    events:
      - http: { path: python, method: get }
`;
}
