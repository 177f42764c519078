import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runtimeLauncherFor } from '../runtimes/index.js';
import type { RuntimeLauncher } from '../runtimes/runtime-launcher.js';
import { cpuQuotaFor } from './cpu-quota.js';
import { tooManyRequests } from './errors.js';
import { type EnvironmentServices, ExecutionEnvironment } from './execution-environment.js';
import type { FunctionDefinition } from './function-definition.js';
import type { Invocation, InvocationResult } from './invocation.js';

/** Lambda retries throttled asynchronous events for hours; here they wait in a bounded queue. */
const eventBacklogLimit = 10_000;

/** Concurrency shared by all functions of one service, like an account's concurrency limit. */
export interface ConcurrencyBudget {
  limit: number;
  inFlight: number;
}

export interface PoolRegistry {
  add(environment: ExecutionEnvironment): void;
  remove(environment: ExecutionEnvironment): void;
}

/** The execution environments of one function: warm reuse, scale-out, throttling, reaping, replacement. */
export class FunctionPool {
  #definition: FunctionDefinition;
  #launcher: RuntimeLauncher;
  #generation = 0;
  readonly #environments = new Set<ExecutionEnvironment>();
  #inFlight = 0;
  readonly #eventBacklog: Invocation[] = [];

  constructor(
    definition: FunctionDefinition,
    private readonly services: EnvironmentServices,
    private readonly budget: ConcurrencyBudget,
    private readonly registry: PoolRegistry,
  ) {
    this.#definition = definition;
    this.#launcher = runtimeLauncherFor(definition.runtime);
  }

  get definition(): FunctionDefinition {
    return this.#definition;
  }

  get environments(): readonly ExecutionEnvironment[] {
    return [...this.#environments];
  }

  /** Runs an invocation now, in a warm environment or a new one; throws TooManyRequests when throttled. */
  invoke(invocation: Invocation): Promise<InvocationResult> {
    const throttle = this.#throttleReason();
    if (throttle) throw tooManyRequests(throttle);
    this.#run(invocation);
    return invocation.done;
  }

  /** Accepts an Event invocation: it runs when concurrency allows, at most once. */
  enqueueEvent(invocation: Invocation): void {
    if (this.#mayStartEvent()) {
      this.#run(invocation);
      return;
    }
    if (this.#eventBacklog.length >= eventBacklogLimit) {
      this.services.logBook.write(
        this.#definition.name,
        `Event ${invocation.requestId} dropped: ${eventBacklogLimit} events are already waiting for concurrency`,
      );
      return;
    }
    this.#eventBacklog.push(invocation);
  }

  /** New code or configuration: idle environments go now, busy ones once their invocation is done. */
  replace(definition: FunctionDefinition): void {
    this.#launcher = runtimeLauncherFor(definition.runtime);
    this.#definition = definition;
    this.#generation += 1;
    for (const environment of this.#environments) environment.retire();
  }

  /** Stops environments that have had no work for `idleMs`. */
  reap(idleMs: number, now = performance.now()): void {
    for (const environment of this.#environments) {
      if (environment.available && environment.state === 'ready' && now - environment.lastFreeAt >= idleMs) {
        environment.kill('retired');
      }
    }
  }

  stop(): void {
    this.#eventBacklog.length = 0;
    for (const environment of this.#environments) environment.kill('retired');
  }

  #throttleReason() {
    const reserved = this.#definition.reservedConcurrency;
    if (reserved !== undefined && this.#inFlight >= reserved)
      return 'ReservedFunctionConcurrentInvocationLimitExceeded' as const;
    if (this.budget.inFlight >= this.budget.limit) return 'ConcurrentInvocationLimitExceeded' as const;
    return undefined;
  }

  #run(invocation: Invocation): void {
    this.#inFlight += 1;
    this.budget.inFlight += 1;
    invocation.released.then(() => {
      this.#inFlight -= 1;
      this.budget.inFlight -= 1;
      this.#drainEvents();
    });
    const { environment, fresh } = this.#environmentFor();
    environment.assign(invocation);
    if (fresh) environment.start();
  }

  /** The most recently freed warm environment (so the others can be reaped), or a new one. */
  #environmentFor(): { environment: ExecutionEnvironment; fresh: boolean } {
    let best: ExecutionEnvironment | undefined;
    for (const environment of this.#environments) {
      if (!environment.available || environment.generation !== this.#generation) continue;
      if (!best || environment.lastFreeAt > best.lastFreeAt) best = environment;
    }
    if (best) return { environment: best, fresh: false };
    const environment = new ExecutionEnvironment(
      this.#definition,
      this.#generation,
      this.#launcher,
      this.services,
      {
        free: () => this.#drainEvents(),
        gone: (gone) => {
          this.#environments.delete(gone);
          this.registry.remove(gone);
          // A background function's waiting events may start one again.
          this.#drainEvents();
        },
      },
    );
    this.#environments.add(environment);
    this.registry.add(environment);
    return { environment, fresh: true };
  }

  /**
   * Whether an Event may start now. A background function's events wait for one of its warm
   * environments once it has as many as it takes to fill this machine's CPUs at their quota:
   * deprioritised under contention, each would otherwise be slow, and every event meanwhile would
   * start one more environment, whose cold start takes more of the CPU the client's path needs.
   */
  #mayStartEvent(): boolean {
    if (this.#throttleReason() !== undefined) return false;
    if (this.#definition.cpuPriority !== 'background') return true;
    const limit = Math.ceil(availableParallelism() / cpuQuotaFor(this.#definition.memorySizeMb).vcpus);
    if (this.#environments.size < limit) return true;
    for (const environment of this.#environments)
      if (environment.available && environment.generation === this.#generation) return true;
    return false;
  }

  #drainEvents(): void {
    while (this.#eventBacklog.length > 0 && this.#mayStartEvent()) {
      this.#run(this.#eventBacklog.shift()!);
    }
  }
}
