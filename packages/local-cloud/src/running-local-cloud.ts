import path from 'node:path';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '@serverless-scientist/core';
import type {
  DeployedRoute,
  DeployedService,
  DeploymentResult,
  DeployOptions,
  LocalCloud,
  LocalCloudStatus,
} from './cloud-contract.js';
import { Scheduler } from './deploy/scheduler.js';
import { buildService, buildServices } from './deploy/service-build.js';
import type { ServiceDefinition } from './deploy/service-definition.js';
import { loadServiceDefinition } from './deploy/service-loader.js';
import { TableProvisioner } from './deploy/table-provisioner.js';
import { DeployQueue } from './deploy-queue.js';
import type { DynamoDb } from './dynamodb.js';
import type { ApiGateway } from './gateway/api-gateway.js';
import { functionArn } from './lambda/function-definition.js';
import type { LambdaService } from './lambda/lambda-service.js';
import { removeState } from './state.js';
import { type Stoppable, stopAll } from './stoppable.js';

interface RunningService {
  deployed: DeployedService;
  definition: ServiceDefinition;
  scheduler: Scheduler;
}

/** A started local cloud: its parts, the services deployed on them, and their schedules. */
export class RunningLocalCloud implements LocalCloud {
  readonly endpoints: LocalCloud['endpoints'];
  readonly lambda: LambdaService;
  private readonly running = new Map<string, RunningService>();
  private readonly tables: TableProvisioner;
  private readonly startedAt = new Date();
  private readonly queue = new DeployQueue();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    readonly stateDir: string,
    private readonly parts: { gateway: ApiGateway; lambda: LambdaService; dynamodb: DynamoDb },
    private readonly stack: readonly Stoppable[],
  ) {
    this.lambda = parts.lambda;
    this.endpoints = {
      gateway: parts.gateway.url,
      lambda: parts.lambda.endpoint,
      dynamodb: parts.dynamodb.endpoint,
    };
    this.tables = new TableProvisioner(parts.dynamodb.endpoint, DEFAULT_REGION);
  }

  deploy(serviceDir: string, options: DeployOptions = {}): Promise<DeployedService> {
    return this.queue.run(() => this.deployNow(serviceDir, options));
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
        try {
          const deployed = await this.queue.run(() =>
            this.deployNow(entry.dir, { ...stage, build: false }, how),
          );
          result = { dir: entry.dir, deployed };
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
        const outcome = await this.parts.lambda.invoke(functionName, JSON.stringify(event), {
          invocationType: 'Event',
        });
        // Event invokes answer 202 once queued; anything else is the invoke itself refused.
        if (outcome.statusCode !== 202)
          throw new Error(
            `Lambda answered ${outcome.statusCode}: ${Buffer.from(outcome.payload).toString('utf8')}`,
          );
      },
      {
        region: definition.region,
        accountId: definition.functions[0]?.accountId ?? LOCAL_ACCOUNT_ID,
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
      await stopAll(this.stack, 'stop a part of the local cloud');
      await removeState(this.stateDir);
    })();
    return this.stopping;
  }
}
