import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost } from '@serverless-scientist/core';
import {
  checkPortsFree,
  type DeployedService,
  type LocalCloud,
  PortInUseError,
  portPlan,
  readLiveState,
  startLocalCloud,
} from '@serverless-scientist/local-cloud';
import { ensureApiToken } from '@serverless-scientist/scientist';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { endpointsDocument, formatEndpoints } from '../endpoints-document.js';
import { discoverServices, stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { clearState, keptState } from '../state-reset.js';
import { type AfterDeployStep, startProductionTraffic, uploadExperiments } from '../up-steps.js';

export interface UpOptions {
  root: string;
  stateDir: string;
  port: number;
  host: string;
  /** False with `--no-traffic`: the hooks should not start production traffic. */
  traffic: boolean;
  /** `--bare`: an empty store and nothing deployed, the tutorial's starting point. */
  bare?: boolean;
}

/**
 * What `up` does after deploying, in this order: upload the experiments, then start production
 * traffic (unless `--no-traffic`). A step that fails is reported and the cloud keeps running.
 */
export const afterDeployHooks: AfterDeployStep[] = [uploadExperiments, startProductionTraffic];

/** A detached `up` tells its parent how far it got through this IPC channel. */
type UpMessage = { type: 'line'; text: string } | { type: 'ready' };

/**
 * Starts the local cloud, deploys every service found (one line per service with its time),
 * runs the after-deploy hooks and prints the URLs. Resolves with the running cloud.
 */
export async function bringUp(
  options: UpOptions,
  log: (line: string) => void,
  onShutdownRequest?: () => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<LocalCloud> {
  // Beyond loopback the data API asks for a bearer token; deploys read it from the environment
  // (packages/scientist/serverless.yml) and put it into the api function's.
  const apiToken = isLoopbackHost(options.host) ? undefined : ensureApiToken(options.stateDir);
  if (apiToken) process.env.SCIENTIST_API_TOKEN = apiToken;
  if (options.bare) {
    const running = await readLiveState(options.stateDir);
    if (running) {
      throw new CliError(
        `a local cloud already runs here (pid ${running.pid}, ${running.endpoints.gateway}); stop it with \`scientist down\``,
      );
    }
    // Results of an earlier run must not make a challenge's check pass before its step is done.
    const kept = keptState(options.stateDir).filter(
      (entry) => path.basename(entry.path) !== 'local-cloud.log',
    );
    clearState(kept);
    log(
      kept.length > 0
        ? `bare start: cleared ${kept.map((entry) => `${path.relative(options.root, entry.path)} (${entry.holds})`).join(', ')}`
        : 'bare start: no earlier state to clear',
    );
  }
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      root: options.root,
      stateDir: options.stateDir,
      port: options.port,
      host: options.host,
      ...(onShutdownRequest ? { onShutdownRequest } : {}),
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw new CliError(error.message, 1, { cause: error });
    throw new CliError((error as Error).message, 1, { cause: error });
  }
  log(
    `local cloud up: API Gateway ${cloud.endpoints.gateway}, Lambda ${cloud.endpoints.lambda}, DynamoDB ${cloud.endpoints.dynamodb}`,
  );
  const services: DeployedService[] = [];
  const started = performance.now();
  const dirs = options.bare ? [] : await discoverServices(options.root);
  // Compiled services are built in one Nx run before the first deploy line; each line then
  // gives the service's own deploy time.
  if (dirs.length > 0) log(`deploying ${dirs.length} services…`);
  await cloud.deployAll(dirs, {
    onResult: (result) => {
      if (result.deployed) {
        const deployed = result.deployed;
        services.push(deployed);
        const built = deployed.build === 'none' ? '' : `, built with ${deployed.build}`;
        log(
          `deployed ${deployed.service} (${deployed.functions.length} functions${built}) in ${deployed.deployMs} ms`,
        );
      } else {
        log(`failed to deploy ${path.relative(options.root, result.dir)}: ${result.error.message}`);
      }
    },
  });
  if (dirs.length > 0)
    log(`${services.length} of ${dirs.length} services deployed in ${elapsedMs(started)} ms`);
  for (const hook of options.bare ? [] : afterDeployHooks) {
    try {
      await hook({ root: options.root, cloud, services, traffic: options.traffic, log, signal });
    } catch (error) {
      log(`after deploy: ${(error as Error).message}`);
    }
  }
  if (options.bare) {
    log('nothing deployed, the store is empty, no production traffic: start with challenges/README.md');
    log(`lambda      ${cloud.endpoints.lambda}   (AWS_ENDPOINT_URL_LAMBDA)`);
    log(`dynamodb    ${cloud.endpoints.dynamodb}   (AWS_ENDPOINT_URL_DYNAMODB)`);
    log(`gateway     ${cloud.endpoints.gateway}`);
  } else {
    const document = endpointsDocument({ endpoints: cloud.endpoints }, cloud.services(), options.root, log);
    for (const line of formatEndpoints(document).trimEnd().split('\n')) log(line);
  }
  if (apiToken) {
    log(
      `data API token (send as Authorization: Bearer … from beyond this machine; saved in ${path.relative(options.root, options.stateDir)}/api-token): ${apiToken}`,
    );
  }
  return cloud;
}

/** Runs `up` in this process until Ctrl-C, SIGTERM or `scientist down`. */
async function runInForeground(options: UpOptions): Promise<void> {
  const detachedChild = process.env.SCIENTIST_UP_DETACHED === '1' && process.send !== undefined;
  const send = (message: UpMessage) => {
    if (detachedChild && process.connected) process.send?.(message);
  };
  const log = (text: string) => {
    process.stdout.write(`${text}\n`);
    send({ type: 'line', text });
  };
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  // `scientist down` asks through the admin API, Ctrl-C and SIGTERM through signals.
  const stopping = new AbortController();
  const cloud = await bringUp(options, log, () => requestStop(), stopping.signal);
  const onSignal = () => requestStop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (detachedChild) {
    send({ type: 'ready' });
    if (process.connected) process.disconnect?.();
  } else {
    log('press Ctrl-C to stop');
  }
  await stopRequested;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  stopping.abort();
  await cloud.stop();
  process.stdout.write('local cloud stopped\n');
}

const readyTimeoutMs = 15 * 60_000;

/** Starts `up` as a background process logging to `<stateDir>/local-cloud.log`; resolves once it is ready. */
async function runDetached(options: UpOptions): Promise<void> {
  const running = await readLiveState(options.stateDir);
  if (running) {
    throw new CliError(
      `a local cloud already runs here (pid ${running.pid}, ${running.endpoints.gateway}); stop it with \`scientist down\``,
    );
  }
  try {
    await checkPortsFree(portPlan(options.port, options.host));
  } catch (error) {
    if (error instanceof PortInUseError) throw new CliError(error.message, 1, { cause: error });
    throw error;
  }
  mkdirSync(options.stateDir, { recursive: true });
  const logFile = path.join(options.stateDir, 'local-cloud.log');
  const logFd = openSync(logFile, 'a');
  const entry = fileURLToPath(new URL('../../bin/scientist.js', import.meta.url));
  const args = [entry, 'up', '--port', String(options.port), '--host', options.host];
  if (!options.traffic) args.push('--no-traffic');
  if (options.bare) args.push('--bare');
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    detached: true,
    stdio: ['ignore', logFd, logFd, 'ipc'],
    env: {
      ...process.env,
      SCIENTIST_STATE_DIR: options.stateDir,
      SCIENTIST_UP_DETACHED: '1',
      FORCE_COLOR: '0',
    },
  });
  closeSync(logFd);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new CliError(
              `the local cloud was not ready within ${readyTimeoutMs / 60_000} minutes; see ${logFile}`,
            ),
          ),
        readyTimeoutMs,
      );
      child.on('message', (message: UpMessage) => {
        if (message.type === 'line') process.stdout.write(`${message.text}\n`);
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new CliError(`the local cloud stopped while starting (exit ${code}): ${lastLine(logFile)}`));
      });
    });
  } finally {
    if (child.connected) child.disconnect();
    child.unref();
  }
  process.stdout.write(
    `running in the background (pid ${child.pid}); logs in ${logFile}; stop with \`scientist down\`\n`,
  );
}

function lastLine(file: string): string {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.at(-1) ?? '(no output)';
}

function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_533) {
    throw new InvalidArgumentError('a port is a whole number from 0 (any free port) to 65533');
  }
  return port;
}

export function upCommand(): Command {
  return new Command('up')
    .description('start the local cloud, deploy every function and the scientist, and print the URLs')
    .option('--detach', 'run in the background; return once ready')
    .option('--no-traffic', 'do not start production traffic')
    .option('--bare', "nothing deployed, an empty store, no traffic: the tutorial's starting point")
    .option(
      '--port <port>',
      'base port P: API Gateway on P, Lambda on P+1, DynamoDB on P+2 (0: any free ports)',
      portNumber,
      3000,
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      async (flags: { detach?: boolean; traffic: boolean; bare?: boolean; port: number; host: string }) => {
        const root = workspaceRoot();
        const options: UpOptions = {
          root,
          stateDir: stateDirectory(root),
          port: flags.port,
          host: flags.host,
          traffic: flags.traffic,
          bare: flags.bare === true,
        };
        if (flags.detach) await runDetached(options);
        else await runInForeground(options);
      },
    );
}
