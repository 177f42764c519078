import path from 'node:path';
import { adminHandler } from './admin-api.js';
import { Scheduler } from './deploy/scheduler.js';
import { buildService, buildServices } from './deploy/service-build.js';
import type { ServiceDefinition } from './deploy/service-definition.js';
import { loadServiceDefinition } from './deploy/service-loader.js';
import { TableProvisioner } from './deploy/table-provisioner.js';
import { DynamoDb } from './dynamodb.js';
import { ApiGateway } from './gateway/api-gateway.js';
import { functionArn } from './lambda/function-definition.js';
import { LambdaService } from './lambda/lambda-service.js';
import { freePort, isPortFree, PortInUseError } from './ports.js';
import { defaultStateDir, type LocalCloudState, readLiveState, removeState, writeState } from './state.js';

export interface LocalCloudOptions {
  /** The workspace root: Nx builds run here; state defaults to `<root>/.scientist`. */
  root: string;
  /** Base port P: API Gateway on P, Lambda on P+1, DynamoDB on P+2; 0 makes all three ephemeral. Default 3000. */
  port?: number;
  /**
   * Where API Gateway listens (default 127.0.0.1). Lambda's Invoke API and DynamoDB take no
   * credentials, so they listen on loopback whatever this says (docs/reference/security.md).
   */
  host?: string;
  stateDir?: string;
  /** Keep DynamoDB tables on disk under `<stateDir>/dynamodb` (default true). */
  persist?: boolean;
  /** API Gateway's integration timeout (29 s on AWS); shorter in tests. */
  gatewayTimeoutMs?: number;
  /** How long an idle execution environment lives. */
  idleTimeoutMs?: number;
  /** Asked to stop through the admin API (`scientist down`); defaults to stopping the cloud. */
  onShutdownRequest?: () => void;
}

export interface DeployedFunction {
  name: string;
  arn: string;
  runtime: string;
  memorySizeMb: number;
  /** The full URL of the function's first HTTP route. */
  url?: string;
}

export interface DeployedRoute {
  method: string;
  path: string;
  url: string;
  functionName: string;
  kind: 'rest' | 'http';
}

export interface DeployedService {
  service: string;
  stage: string;
  region: string;
  dir: string;
  functions: DeployedFunction[];
  routes: DeployedRoute[];
  tables: string[];
  /** Settings accepted without local effect, each with its `file:line:col`. */
  warnings: string[];
  /** How the service was built (`nx run …:build`, `none`) and how long deploy took. */
  build: string;
  deployMs: number;
}

export interface DeployOptions {
  stage?: string;
  /** Build Go and Java services first (default true). */
  build?: boolean;
}

/** One service's part in {@link LocalCloud.deployAll}: deployed, or why not. */
export type DeploymentResult =
  | { dir: string; deployed: DeployedService; error?: undefined }
  | { dir: string; deployed?: undefined; error: Error };

export interface LocalCloudStatus {
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  endpoints: LocalCloud['endpoints'];
  cpuQuota: { available: boolean; mechanism: string; detail: string };
  services: (Omit<DeployedService, 'functions'> & {
    functions: (DeployedFunction & { environments: number })[];
  })[];
}

export interface LocalCloud {
  endpoints: { gateway: string; lambda: string; dynamodb: string };
  stateDir: string;
  lambda: LambdaService;
  deploy(serviceDir: string, options?: DeployOptions): Promise<DeployedService>;
  /**
   * Deploys many services, building the compiled ones in one Nx run first; a service that fails
   * does not stop the others. `onResult` hears of each service as it is done.
   */
  deployAll(
    serviceDirs: readonly string[],
    options?: { stage?: string; onResult?: (result: DeploymentResult) => void },
  ): Promise<DeploymentResult[]>;
  services(): DeployedService[];
  status(): LocalCloudStatus;
  stop(): Promise<void>;
}

interface RunningService {
  deployed: DeployedService;
  definition: ServiceDefinition;
  scheduler: Scheduler;
}

/**
 * Starts the local cloud: DynamoDB, Lambda and API Gateway (with the admin API under
 * `/_local-cloud/`), and records where they listen in `<stateDir>/state.json`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const root = path.resolve(options.root);
  const host = options.host ?? '127.0.0.1';
  const internalHost = INTERNAL_HOST;
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(root));
  const running = await readLiveState(stateDir);
  if (running && running.pid !== process.pid) {
    throw new Error(
      `a local cloud already runs for ${stateDir} (pid ${running.pid}, ${running.endpoints.gateway}); stop it with \`scientist down\``,
    );
  }
  const base = options.port ?? 3000;
  const ports =
    base === 0
      ? { gateway: 0, lambda: await freePort(internalHost), dynamodb: 0 }
      : { gateway: base, lambda: base + 1, dynamodb: base + 2 };
  if (base !== 0) {
    const roles = [
      [ports.gateway, 'API Gateway', host],
      [ports.lambda, 'Lambda', internalHost],
      [ports.dynamodb, 'DynamoDB', internalHost],
    ] as const;
    for (const [port, role, on] of roles) {
      if (!(await isPortFree(port, on))) throw new PortInUseError(port, `needed for ${role} on ${on}`);
    }
  }

  const stack: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of stack.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const dynamodb = await listening('DynamoDB', ports.dynamodb, () =>
      DynamoDb.start({
        port: ports.dynamodb,
        host: internalHost,
        ...(options.persist === false ? {} : { path: path.join(stateDir, 'dynamodb') }),
      }),
    );
    stack.push(dynamodb);
    const lambdaEndpoint = `http://${internalHost}:${ports.lambda}`;
    // Read by each execution environment when it starts, so the gateway's URL can join below.
    const functionEnvironment: Record<string, string> = {
      AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Set by the deployment, never by a caller: services that relax checks for callers on
      // this machine (the scientist's data API) may do so only when this says so.
      ...(isLoopbackHost(host) ? { [LOOPBACK_ONLY_VARIABLE]: 'true' } : {}),
    };
    const lambda = await listening('Lambda', ports.lambda, () =>
      LambdaService.start({
        port: ports.lambda,
        host: internalHost,
        logsDir: path.join(stateDir, 'logs'),
        ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
        extraEnvironment: functionEnvironment,
      }),
    );
    stack.push(lambda);
    let cloud: LocalCloud | undefined;
    const gateway = await listening('API Gateway', ports.gateway, () =>
      ApiGateway.start({
        port: ports.gateway,
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
    const state: LocalCloudState = {
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
    };
    await writeState(stateDir, state);
    return cloud;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Lambda's Invoke API and DynamoDB take no credentials: only this machine may reach them. */
const INTERNAL_HOST = '127.0.0.1';

/**
 * Set to `true` in every function's environment when API Gateway listens on loopback only, so
 * that nothing beyond this machine can reach the deployment at all.
 */
export const LOOPBACK_ONLY_VARIABLE = 'LOCAL_CLOUD_LOOPBACK_ONLY';

/** The gateway's URL, in every function's environment. */
export const GATEWAY_URL_VARIABLE = 'LOCAL_CLOUD_GATEWAY_URL';

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function listening<T>(role: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /in use/.test((error as Error).message)) {
      throw new PortInUseError(port, `needed for ${role}`, { cause: error });
    }
    throw error;
  }
}

class RunningLocalCloud implements LocalCloud {
  readonly endpoints: LocalCloud['endpoints'];
  readonly lambda: LambdaService;
  private readonly running = new Map<string, RunningService>();
  private readonly tables: TableProvisioner;
  private readonly startedAt = new Date();
  /** Deploys run one at a time, so two deploys of one service cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    readonly stateDir: string,
    private readonly parts: { gateway: ApiGateway; lambda: LambdaService; dynamodb: DynamoDb },
    private readonly stack: { stop(): Promise<void> }[],
  ) {
    this.lambda = parts.lambda;
    this.endpoints = {
      gateway: parts.gateway.url,
      lambda: parts.lambda.endpoint,
      dynamodb: parts.dynamodb.endpoint,
    };
    this.tables = new TableProvisioner(parts.dynamodb.endpoint, 'eu-west-1');
  }

  deploy(serviceDir: string, options: DeployOptions = {}): Promise<DeployedService> {
    const next = this.queue.then(() => this.deployNow(serviceDir, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async deployAll(
    serviceDirs: readonly string[],
    options: { stage?: string; onResult?: (result: DeploymentResult) => void } = {},
  ): Promise<DeploymentResult[]> {
    const stage = options.stage === undefined ? {} : { stage: options.stage };
    const loaded = await Promise.all(
      serviceDirs.map(async (dir) => {
        try {
          return { dir, definition: await loadServiceDefinition(path.resolve(this.root, dir), stage) };
        } catch (error) {
          return { dir, error: error as Error };
        }
      }),
    );
    const definitions = loaded.flatMap((entry) => (entry.definition ? [entry.definition] : []));
    const builds = await buildServices(definitions, this.root);
    const results: DeploymentResult[] = [];
    for (const entry of loaded) {
      let result: DeploymentResult;
      const build = entry.definition ? builds.get(entry.definition) : undefined;
      if (entry.error) result = { dir: entry.dir, error: entry.error };
      else if (build instanceof Error) result = { dir: entry.dir, error: build };
      else {
        const how = build?.how ?? 'none';
        const next = this.queue.then(() => this.deployNow(entry.dir, { ...stage, build: false }, how));
        this.queue = next.catch(() => undefined);
        try {
          result = { dir: entry.dir, deployed: await next };
        } catch (error) {
          result = { dir: entry.dir, error: error as Error };
        }
      }
      results.push(result);
      options.onResult?.(result);
    }
    return results;
  }

  private async deployNow(
    serviceDir: string,
    options: DeployOptions,
    builtWith?: string,
  ): Promise<DeployedService> {
    if (this.stopping) throw new Error('the local cloud is stopping');
    const started = performance.now();
    const dir = path.resolve(this.root, serviceDir);
    const definition = await loadServiceDefinition(
      dir,
      options.stage === undefined ? {} : { stage: options.stage },
    );
    const build =
      options.build === false ? { how: builtWith ?? 'skipped' } : await buildService(definition, this.root);
    await this.tables.provision(definition.tables);
    const key = `${definition.service}/${definition.stage}`;
    const previous = this.running.get(key);
    for (const fn of definition.functions) await this.parts.lambda.deploy(fn);
    const kept = new Set(definition.functions.map((fn) => fn.name));
    for (const fn of previous?.definition.functions ?? []) {
      if (!kept.has(fn.name)) await this.parts.lambda.remove(fn.name);
    }
    this.parts.gateway.deploy(definition);
    previous?.scheduler.stop();
    const scheduler = new Scheduler(
      async (functionName, event) => {
        await this.parts.lambda.invoke(functionName, JSON.stringify(event), { invocationType: 'Event' });
      },
      {
        region: definition.region,
        accountId: definition.functions[0]?.accountId ?? '000000000000',
        service: definition.service,
        stage: definition.stage,
      },
    );
    scheduler.start(definition.schedules);
    const deployed = this.describe(definition, build.how, Math.round(performance.now() - started));
    this.running.set(key, { deployed, definition, scheduler });
    return deployed;
  }

  private describe(definition: ServiceDefinition, build: string, deployMs: number): DeployedService {
    const routes: DeployedRoute[] = definition.routes.map((route) => ({
      method: route.method,
      path: route.path,
      url: this.parts.gateway.urlFor(definition.service, definition.stage, route.path),
      functionName: route.functionName,
      kind: route.kind,
    }));
    return {
      service: definition.service,
      stage: definition.stage,
      region: definition.region,
      dir: definition.dir,
      functions: definition.functions.map((fn) => {
        const url = routes.find((route) => route.functionName === fn.name)?.url;
        return {
          name: fn.name,
          arn: functionArn(fn),
          runtime: fn.runtime,
          memorySizeMb: fn.memorySizeMb,
          ...(url === undefined ? {} : { url }),
        };
      }),
      routes,
      tables: definition.tables.map((table) => table.tableName),
      warnings: definition.warnings,
      build,
      deployMs,
    };
  }

  services(): DeployedService[] {
    return [...this.running.values()].map((service) => service.deployed);
  }

  status(): LocalCloudStatus {
    const quota = this.parts.lambda.cpuQuota();
    return {
      pid: process.pid,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      endpoints: this.endpoints,
      cpuQuota: { available: quota.available, mechanism: quota.mechanism, detail: quota.detail },
      services: this.services().map((service) => ({
        ...service,
        functions: service.functions.map((fn) => ({
          ...fn,
          environments: this.parts.lambda.environments(fn.name).length,
        })),
      })),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.running.values()) service.scheduler.stop();
      this.tables.close();
      for (const part of [...this.stack].reverse()) await part.stop().catch(() => undefined);
      await removeState(this.stateDir);
    })();
    return this.stopping;
  }
}
