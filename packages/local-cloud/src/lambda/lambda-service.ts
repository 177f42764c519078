import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '@serverless-scientist/core';
import { runtimeLauncherFor } from '../runtimes/index.js';
import { type ControlPlaneLookup, handleControlPlaneApi } from './control-plane-api.js';
import { CpuAccounting, type CpuAccountingSupport } from './cpu-accounting.js';
import { CpuQuota, type CpuQuotaSupport } from './cpu-quota.js';
import {
  functionNotFound,
  invalidParameter,
  invalidRequestContent,
  LambdaServiceError,
  requestTooLarge,
} from './errors.js';
import type { EnvironmentServices, ExecutionEnvironment } from './execution-environment.js';
import { type FunctionDefinition, functionArn } from './function-definition.js';
import { parseFunctionReference } from './function-name.js';
import { type ConcurrencyBudget, FunctionPool } from './function-pool.js';
import { validateFunction } from './function-validation.js';
import { Invocation } from './invocation.js';
import {
  asynchronousRequestLimitBytes,
  handleInvokeApi,
  synchronousRequestLimitBytes,
} from './invoke-api.js';
import type { InvokeOptions, InvokeOutcome } from './invoke-outcome.js';
import { LogBook } from './log-book.js';
import { MemoryLimit, type MemoryLimitSupport } from './memory-limit.js';

export interface LambdaServiceOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  logsDir: string;
  region?: string;
  accountId?: string;
  /** Injected into every function, e.g. AWS_ENDPOINT_URL_* and dummy credentials. */
  extraEnvironment?: Record<string, string>;
  /** Environments with no work for this long are stopped; Lambda keeps them some minutes. */
  idleTimeoutMs?: number;
  /** Concurrent invocations across all functions, like an account's limit. */
  concurrencyLimit?: number;
  /** Switch the CPU quota or memory cgroups off, e.g. to compare against unthrottled runs. */
  cpuQuota?: boolean;
  memoryCgroups?: boolean;
  /** Switch the per-invocation CPU figures on REPORT lines off. */
  cpuAccounting?: boolean;
}

const emptyPayload = new Uint8Array(0);

/**
 * Lambda on one machine: the Invoke API on one port, and the functions' execution environments, each with
 * its own Runtime API on a loopback port of its own.
 */
export class LambdaService {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly #server: Server;
  readonly #pools = new Map<string, FunctionPool>();
  readonly #environments = new Map<string, ExecutionEnvironment>();
  readonly #services: EnvironmentServices;
  readonly #cpuQuota: CpuQuota;
  readonly #cpuAccounting: CpuAccounting;
  readonly #memoryLimit: MemoryLimit;
  readonly #logBook: LogBook;
  readonly #budget: ConcurrencyBudget;
  readonly #reaper: NodeJS.Timeout;
  #stopped = false;
  /** When each function was last deployed: Lambda's LastModified. */
  readonly #deployedAt = new Map<string, Date>();
  readonly #controlPlane: ControlPlaneLookup = {
    all: () => this.functions().map((definition) => this.#record(definition)),
    find: (name) => {
      const definition = this.#pools.get(name)?.definition;
      return definition ? this.#record(definition) : undefined;
    },
  };

  private constructor(server: Server, endpoint: string, options: LambdaServiceOptions) {
    this.#server = server;
    this.endpoint = endpoint;
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
    this.#cpuQuota = CpuQuota.detect(options.cpuQuota ?? true);
    this.#cpuAccounting = CpuAccounting.detect(options.cpuAccounting ?? true, this.#cpuQuota.version);
    this.#memoryLimit = MemoryLimit.detect(options.memoryCgroups ?? true);
    this.#logBook = new LogBook(options.logsDir);
    this.#budget = { limit: options.concurrencyLimit ?? 1000, inFlight: 0 };
    const cpu = this.#cpuQuota.support();
    this.#services = {
      logBook: this.#logBook,
      cpuQuota: this.#cpuQuota,
      cpuAccounting: this.#cpuAccounting,
      memoryLimit: this.#memoryLimit,
      extraEnvironment: options.extraEnvironment ?? {},
      reportNote: cpu.available ? undefined : 'CPU not throttled (no cgroup CPU quota here)',
    };
    const idleMs = options.idleTimeoutMs ?? 5 * 60_000;
    this.#reaper = setInterval(
      () => {
        const now = performance.now();
        for (const pool of this.#pools.values()) pool.reap(idleMs, now);
      },
      Math.min(30_000, Math.max(50, idleMs / 2)),
    );
    this.#reaper.unref();
  }

  static async start(options: LambdaServiceOptions): Promise<LambdaService> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer({ keepAlive: true, noDelay: true });
    server.headersTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `The Lambda port ${options.port} on ${host} is already in use: stop what holds it or choose another port.`,
                { cause: error },
              )
            : error,
        );
      };
      server.once('error', onError);
      server.listen(options.port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const service = new LambdaService(server, `http://${reachableHost}:${port}`, options);
    server.on('request', (request, response) => {
      if (
        handleInvokeApi(request, response, (name, payload, invokeOptions) =>
          service.invoke(name, payload, invokeOptions),
        ) ||
        handleControlPlaneApi(request, response, service.#controlPlane, (name) =>
          functionArn({ name, region: service.region, accountId: service.accountId }),
        )
      )
        return;
      request.resume();
      const body = JSON.stringify({
        Type: 'User',
        message: `No Lambda API operation at ${request.method} ${request.url}`,
      });
      response.writeHead(404, {
        'Content-Type': 'application/json',
        'x-amzn-errortype': 'UnknownOperationException',
      });
      response.end(body);
    });
    return service;
  }

  /**
   * Creates or replaces a function; replacing drains its environments so the next invocations run the new code.
   * Resolves once the runtime can launch (e.g. its runtime interface client is installed), so that no launch
   * has to install anything.
   */
  async deploy(fn: FunctionDefinition): Promise<void> {
    validateFunction(fn);
    await runtimeLauncherFor(fn.runtime).prepare?.(fn);
    this.#deployedAt.set(fn.name, new Date());
    const existing = this.#pools.get(fn.name);
    if (existing) {
      existing.replace(fn);
      return;
    }
    this.#pools.set(
      fn.name,
      new FunctionPool(fn, this.#services, this.#budget, {
        add: (environment) => this.#environments.set(environment.id, environment),
        remove: (environment) => this.#environments.delete(environment.id),
      }),
    );
  }

  async remove(name: string): Promise<void> {
    const pool = this.#pools.get(name);
    if (!pool) return;
    this.#pools.delete(name);
    this.#deployedAt.delete(name);
    pool.stop();
  }

  #record(definition: FunctionDefinition) {
    return { definition, lastModified: this.#deployedAt.get(definition.name) ?? new Date(0) };
  }

  functions(): readonly FunctionDefinition[] {
    return [...this.#pools.values()].map((pool) => pool.definition);
  }

  /** The function's live execution environments (pid, state), for status displays and tests. */
  environments(name: string): { id: string; pid: number | undefined; state: string }[] {
    return (this.#pools.get(name)?.environments ?? []).map((environment) => ({
      id: environment.id,
      pid: environment.pid,
      state: environment.state,
    }));
  }

  logPath(name: string): string {
    return this.#logBook.pathFor(name);
  }

  /** Invoke in process, with the same semantics as the HTTP Invoke API; `name` may be a name, ARN or name:qualifier. */
  async invoke(
    name: string,
    payload: Uint8Array | string,
    options: InvokeOptions & { qualifier?: string } = {},
  ): Promise<InvokeOutcome> {
    try {
      return await this.#invoke(name, payload, options);
    } catch (error) {
      if (error instanceof LambdaServiceError) return error.toOutcome();
      throw error;
    }
  }

  async #invoke(
    name: string,
    payload: Uint8Array | string,
    options: InvokeOptions & { qualifier?: string },
  ): Promise<InvokeOutcome> {
    if (this.#stopped)
      throw new LambdaServiceError(503, 'ServiceException', 'The Lambda service is stopping');
    const invocationType = options.invocationType ?? 'RequestResponse';
    const reference = parseFunctionReference(name, options.qualifier);
    if (!reference)
      throw invalidParameter(
        `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint`,
      );
    const pool = this.#pools.get(reference.name);
    const arn = () => functionArn({ name: reference.name, region: this.region, accountId: this.accountId });
    if (!pool) throw functionNotFound(arn());
    if (reference.qualifier && reference.qualifier !== '$LATEST')
      throw functionNotFound(`${arn()}:${reference.qualifier}`);
    const bytes =
      typeof payload === 'string'
        ? Buffer.from(payload)
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const limit = invocationType === 'Event' ? asynchronousRequestLimitBytes : synchronousRequestLimitBytes;
    if (bytes.length > limit) throw requestTooLarge(limit);
    const event = bytes.length === 0 ? Buffer.from('{}') : bytes;
    try {
      JSON.parse(event.toString('utf8'));
    } catch (error) {
      throw invalidRequestContent(`Could not parse request body into json: ${(error as Error).message}`);
    }
    if (invocationType === 'DryRun') return { statusCode: 204, payload: emptyPayload };
    const invocation = new Invocation(reference.name, event, {
      asynchronous: invocationType === 'Event',
      clientContext: options.clientContext,
      logTail: options.logType === 'Tail' && invocationType !== 'Event',
    });
    if (invocationType === 'Event') {
      // Lambda queues an event and answers 202 at once: the run starts once the caller has its answer.
      setImmediate(() => pool.enqueueEvent(invocation));
      return { statusCode: 202, payload: emptyPayload, requestId: invocation.requestId };
    }
    const result = await pool.invoke(invocation);
    const outcome: InvokeOutcome = {
      statusCode: 200,
      payload: result.payload,
      requestId: invocation.requestId,
    };
    if (result.functionError) outcome.functionError = result.functionError;
    if (invocation.log) outcome.logResult = invocation.log.tailBase64();
    return outcome;
  }

  /** How CPU is shared out here, for doctor and for REPORT notes; `detail` also says how memory is limited. */
  cpuQuota(): CpuQuotaSupport & { memory: MemoryLimitSupport; accounting: CpuAccountingSupport } {
    const cpu = this.#cpuQuota.support();
    const memory = this.#memoryLimit.support();
    const accounting = this.#cpuAccounting.support();
    return {
      ...cpu,
      detail: `${cpu.detail}; memory: ${memory.mechanism} (${memory.detail}); CPU figures on REPORT lines: ${accounting.available ? accounting.detail : `none (${accounting.detail})`}`,
      memory,
      accounting,
    };
  }

  /** Kills every environment and closes the port. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#reaper);
    for (const pool of this.#pools.values()) pool.stop();
    // Wait (bounded) for the processes to be reaped, so their cgroups can be removed.
    const deadline = performance.now() + 5_000;
    while (this.#environments.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.#pools.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#cpuQuota.close();
    this.#cpuAccounting.close();
    this.#memoryLimit.close();
    await this.#logBook.close();
  }
}
