import path from 'node:path';
import { isLoopbackHost } from '@serverless-scientist/core';
import { adminHandler } from './admin-api.js';
import type { LocalCloud, LocalCloudOptions } from './cloud-contract.js';
import { DynamoDb } from './dynamodb.js';
import { GATEWAY_URL_VARIABLE, LOOPBACK_ONLY_VARIABLE } from './function-environment.js';
import { ApiGateway } from './gateway/api-gateway.js';
import { LambdaService } from './lambda/lambda-service.js';
import { checkPortsFree, listening, portPlan, withLambdaPort } from './port-plan.js';
import { RunningLocalCloud } from './running-local-cloud.js';
import { defaultStateDir, readLiveState, writeState } from './state.js';
import { type Stoppable, stopAll } from './stoppable.js';

/**
 * Starts the local cloud: DynamoDB, Lambda and API Gateway (with the admin API under
 * `/_local-cloud/`), and records where they listen in `<stateDir>/state.json`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const root = path.resolve(options.root);
  const host = options.host ?? '127.0.0.1';
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(root));
  const running = await readLiveState(stateDir);
  if (running && running.pid !== process.pid) {
    throw new Error(
      `a local cloud already runs for ${stateDir} (pid ${running.pid}, ${running.endpoints.gateway}); stop it with \`scientist down\``,
    );
  }
  const plan = portPlan(options.port ?? 3000, host);
  await checkPortsFree(plan);
  const ports = await withLambdaPort(plan);

  const stack: Stoppable[] = [];
  try {
    const dynamodb = await listening(ports.dynamodb, () =>
      DynamoDb.start({
        port: ports.dynamodb.port,
        host: ports.dynamodb.host,
        ...(options.persist === false ? {} : { path: path.join(stateDir, 'dynamodb') }),
      }),
    );
    stack.push(dynamodb);
    // Read by each execution environment when it starts, so the gateway's URL can join below.
    const functionEnvironment: Record<string, string> = {
      AWS_ENDPOINT_URL_LAMBDA: `http://${ports.lambda.host}:${ports.lambda.port}`,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Set by the deployment, never by a caller: services that relax checks for callers on
      // this machine (the scientist's data API) may do so only when this says so.
      ...(isLoopbackHost(host) ? { [LOOPBACK_ONLY_VARIABLE]: 'true' } : {}),
    };
    const lambda = await listening(ports.lambda, () =>
      LambdaService.start({
        port: ports.lambda.port,
        host: ports.lambda.host,
        logsDir: path.join(stateDir, 'logs'),
        ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
        extraEnvironment: functionEnvironment,
      }),
    );
    stack.push(lambda);
    let cloud: LocalCloud | undefined;
    const gateway = await listening(ports.gateway, () =>
      ApiGateway.start({
        port: ports.gateway.port,
        host,
        invoker: lambda,
        ...(options.gatewayTimeoutMs === undefined ? {} : { timeoutMs: options.gatewayTimeoutMs }),
        admin: (method, adminPath, body) => {
          if (!cloud) return Promise.resolve({ statusCode: 503, body: { message: 'starting' } });
          return adminHandler(cloud, () => (options.onShutdownRequest ?? (() => void cloud?.stop()))())(
            method,
            adminPath,
            body,
          );
        },
      }),
    );
    stack.push(gateway);
    // The deployment's own address, for what a function shows its users (the scientist's replay
    // curl): never the Host header a client sent.
    functionEnvironment[GATEWAY_URL_VARIABLE] = gateway.url.replace(
      /\/\/(0\.0\.0\.0|\[::\])(?=:)/,
      '//127.0.0.1',
    );
    cloud = new RunningLocalCloud(root, stateDir, { gateway, lambda, dynamodb }, stack);
    await writeState(stateDir, {
      pid: process.pid,
      root,
      host,
      ports: {
        gateway: Number(new URL(gateway.url).port),
        lambda: Number(new URL(lambda.endpoint).port),
        dynamodb: Number(new URL(dynamodb.endpoint).port),
      },
      endpoints: cloud.endpoints,
      startedAt: new Date().toISOString(),
    });
    return cloud;
  } catch (error) {
    await stopAll(stack, 'stop a part of a local cloud that failed to start');
    throw error;
  }
}
