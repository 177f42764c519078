import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { hostVersionNote } from '../runtimes/host-version.js';
import type { RuntimeLauncher } from '../runtimes/runtime-launcher.js';
import type { CpuAccounting } from './cpu-accounting.js';
import type { CpuQuota } from './cpu-quota.js';
import { EnvironmentCgroups } from './environment-cgroups.js';
import { EnvironmentLog, logStreamName } from './environment-log.js';
import { environmentVariables } from './environment-variables.js';
import { type FunctionDefinition, functionArn } from './function-definition.js';
import type { Invocation, InvocationResult } from './invocation.js';
import {
  type InvocationFailure,
  initErrorType,
  processEnded,
  responseTooLarge,
  runtimeError,
  timedOut,
} from './invocation-failure.js';
import type { LogBook } from './log-book.js';
import type { MemoryLimit } from './memory-limit.js';
import { PeakMemory } from './peak-memory.js';
import { RuntimeApiListener, type RuntimeApiReceiver } from './runtime-api.js';
import { RuntimeExchange } from './runtime-exchange.js';
import { type ProcessExit, RuntimeProcess } from './runtime-process.js';

/** Lambda gives an environment's init phase 10 s before it gives up on it. */
const initLimitMs = 10_000;

/** What every environment of one Lambda service shares. */
export interface EnvironmentServices {
  logBook: LogBook;
  cpuQuota: CpuQuota;
  cpuAccounting: CpuAccounting;
  memoryLimit: MemoryLimit;
  extraEnvironment: Record<string, string>;
  /** Appended to REPORT lines, e.g. when CPU is not throttled here. */
  reportNote?: string;
}

export interface EnvironmentEvents {
  /** The environment can take another invocation. */
  free(environment: ExecutionEnvironment): void;
  /** The process is gone and its resources released. */
  gone(environment: ExecutionEnvironment): void;
}

type State = 'initializing' | 'ready' | 'busy' | 'dead';
type KillReason = 'timeout' | 'init-error' | 'retired';

/**
 * One execution environment: a long-lived process of the function's runtime that pulls invocations
 * from the Runtime API, one at a time, until it is reaped, replaced or dies.
 */
export class ExecutionEnvironment implements RuntimeApiReceiver {
  readonly id = randomBytes(6).toString('hex');
  readonly logStreamName = logStreamName();
  #state: State = 'initializing';
  #process: RuntimeProcess | undefined;
  #spawnedAt = 0;
  #initDurationMs: number | undefined;
  /** Reported once, with the first invocation this environment serves. */
  #initDurationUnreported = true;
  #initTimer: NodeJS.Timeout | undefined;
  #runtimeApi: RuntimeApiListener | undefined;
  readonly #exchange: RuntimeExchange;
  readonly #log: EnvironmentLog;
  readonly #peakMemory: PeakMemory;
  readonly #cgroups: EnvironmentCgroups;
  #retireWhenFree = false;
  #killReason: KillReason | undefined;
  lastFreeAt = performance.now();
  /** Local-only notes for the REPORT line: unthrottled CPU, another runtime version than AWS's. */
  readonly #reportNote: string | undefined;

  constructor(
    readonly definition: FunctionDefinition,
    readonly generation: number,
    readonly launcher: RuntimeLauncher,
    private readonly services: EnvironmentServices,
    private readonly events: EnvironmentEvents,
  ) {
    this.#log = new EnvironmentLog(services.logBook.logOf(definition.name));
    this.#reportNote =
      [services.reportNote, hostVersionNote(definition.runtime)].filter(Boolean).join('; ') || undefined;
    this.#cgroups = new EnvironmentCgroups(this.id, definition.memorySizeMb, services, (message) =>
      this.#writeLine(message),
    );
    this.#exchange = new RuntimeExchange(definition.timeoutSeconds * 1000, functionArn(definition), {
      delivering: (invocation) => {
        this.#state = 'busy';
        // CPU figures go with the log tail: the scientist compares them.
        this.#cgroups.startCounting(invocation.log !== undefined);
      },
      delivered: (invocation) => this.#log.start(invocation),
      deadlinePassed: (invocation, elapsedMs) => {
        this.#killReason = 'timeout';
        this.#fail(invocation, timedOut(invocation.requestId, elapsedMs));
        this.kill();
      },
    });
    this.#peakMemory = new PeakMemory({
      peakFile: () => this.#cgroups.peakMemoryFile(),
      pid: () => (this.#state === 'dead' ? undefined : this.#process?.pid),
    });
  }

  get state(): State {
    return this.#state;
  }

  /** Free for an invocation now, or as soon as its runtime asks for the next one. */
  get available(): boolean {
    return (
      this.#state !== 'dead' &&
      this.#exchange.assigned === undefined &&
      !this.#retireWhenFree &&
      this.#killReason === undefined
    );
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** Opens the environment's Runtime API, then starts its process. */
  start(): void {
    RuntimeApiListener.open(this).then(
      (runtimeApi) => {
        this.#runtimeApi = runtimeApi;
        // Killed (e.g. the service stopped) while the port was being opened.
        if (this.#killReason !== undefined) this.#exited({ code: null, signal: null });
        else this.#spawn(runtimeApi.hostPort);
      },
      (error: Error) => {
        this.#writeLine(`Runtime API cannot listen: ${error.message}`);
        this.#exited({ code: null, signal: null }, `Runtime API cannot listen: ${error.message}`);
      },
    );
  }

  #spawn(runtimeApi: string): void {
    const fn = this.definition;
    this.#spawnedAt = performance.now();
    let spec: ReturnType<RuntimeLauncher['launch']>;
    try {
      spec = this.launcher.launch(
        fn,
        environmentVariables(fn, {
          extraEnvironment: this.services.extraEnvironment,
          logStreamName: this.logStreamName,
          runtimeApi,
        }),
      );
    } catch (error) {
      this.#writeLine(`Runtime cannot start: ${(error as Error).message}`);
      this.#exited({ code: null, signal: null }, (error as Error).message);
      return;
    }
    const child = RuntimeProcess.spawn(spec, {
      line: (line) => this.#writeLine(line),
      failedToStart: (error) => {
        this.#writeLine(`Runtime failed to start: ${spec.command}: ${error.message}`);
        this.#exited({ code: null, signal: null }, `failed to start: ${error.message}`);
      },
      gone: (exit) => this.#exited(exit),
    });
    this.#process = child;
    if (child.pid !== undefined) this.#cgroups.limitMemory(child.pid);
    // Lambda retries an init that overruns its 10 s inside the invoke phase, under the function's timeout.
    this.#initTimer = setTimeout(() => this.#initTimedOut(), initLimitMs + fn.timeoutSeconds * 1000);
  }

  /** Gives this environment its next invocation; it runs as soon as the runtime asks for work. */
  assign(invocation: Invocation): void {
    if (!this.available)
      throw new Error(`Environment ${this.id} of ${this.definition.name} is not available`);
    this.#exchange.assign(invocation);
  }

  // ---- Runtime API -------------------------------------------------------------------------------

  handleNext(response: ServerResponse): void {
    if (this.#state === 'dead') {
      response.destroy();
      return;
    }
    if (this.#state === 'initializing') {
      this.#initDurationMs = performance.now() - this.#spawnedAt;
      clearTimeout(this.#initTimer);
      if (this.#process?.pid !== undefined) this.#cgroups.limitCpu(this.#process.pid);
    }
    this.#state = 'ready';
    this.#exchange.next(response);
  }

  handleResult(requestId: string, body: Buffer, failed: boolean, acknowledge: () => void): boolean {
    const invocation = this.#exchange.current(requestId);
    if (!invocation) return false;
    // Let output the runtime wrote just before answering reach the log before END is written.
    setImmediate(() => {
      if (failed) this.#fail(invocation, runtimeError(body));
      else this.#complete(invocation, { payload: body }, {});
      // The invoker resumes first; the runtime's 202 (a socket write that wakes it) goes out a turn later.
      setImmediate(acknowledge);
    });
    return true;
  }

  handleResponseTooLarge(requestId: string, bytes: number, limitBytes: number): boolean {
    const invocation = this.#exchange.current(requestId);
    if (!invocation) return false;
    setImmediate(() => this.#fail(invocation, responseTooLarge(bytes, limitBytes)));
    return true;
  }

  handleInitError(body: Buffer, errorTypeHeader: string | undefined): void {
    if (this.#state !== 'initializing') return;
    this.#initDurationMs = performance.now() - this.#spawnedAt;
    clearTimeout(this.#initTimer);
    const errorType = initErrorType(body, errorTypeHeader);
    const invocation = this.#exchange.assigned;
    this.#log.initFailed(this.#initDurationMs, errorType, invocation);
    this.#killReason = 'init-error';
    if (invocation) setImmediate(() => this.#fail(invocation, runtimeError(body, errorType), true));
    this.kill();
  }

  // ---- life cycle --------------------------------------------------------------------------------

  /** Replace this environment once its current invocation, if any, is done. */
  retire(): void {
    if (this.#exchange.assigned) this.#retireWhenFree = true;
    else this.kill('retired');
  }

  kill(reason?: KillReason): void {
    this.#killReason ??= reason;
    if (this.#state === 'dead') return;
    this.#process?.killGroup();
  }

  #initTimedOut(): void {
    if (this.#state !== 'initializing') return;
    const invocation = this.#exchange.assigned;
    this.#killReason = 'timeout';
    if (invocation)
      this.#fail(invocation, timedOut(invocation.requestId, performance.now() - this.#spawnedAt), true);
    this.kill();
  }

  #exited(exit: ProcessExit, startFailure?: string): void {
    if (this.#state === 'dead') return;
    const wasInitializing = this.#state === 'initializing';
    this.#state = 'dead';
    clearTimeout(this.#initTimer);
    this.#exchange.close();
    this.#runtimeApi?.close();
    const invocation = this.#exchange.assigned;
    if (invocation && !invocation.finished && this.#killReason !== 'init-error') {
      const outOfMemory = this.#cgroups.outOfMemory();
      this.#fail(
        invocation,
        processEnded(invocation.requestId, { ...exit, startFailure, outOfMemory }),
        wasInitializing || !this.#exchange.delivered,
      );
    }
    this.#cgroups.release();
    this.events.gone(this);
  }

  /**
   * Every failed invocation ends here: its START line when the runtime never received it, the
   * failure's own lines, then END and REPORT like any other.
   */
  #fail(invocation: Invocation, failure: InvocationFailure, undelivered = false): void {
    if (invocation.finished) return;
    if (undelivered) this.#log.start(invocation);
    for (const line of failure.lines) this.#writeLine(line);
    this.#complete(invocation, failure.result, failure.report);
  }

  #complete(invocation: Invocation, result: InvocationResult, report: InvocationFailure['report']): void {
    if (invocation.finished) return;
    const fn = this.definition;
    const durationMs = this.#exchange.elapsedMs();
    const cpu = this.#cgroups.stopCounting();
    const initDurationMs = this.#initDurationUnreported ? this.#initDurationMs : undefined;
    this.#initDurationUnreported = false;
    this.#log.end(invocation, {
      requestId: invocation.requestId,
      durationMs,
      // Lambda bills the init phase of managed runtimes too, rounded up to the millisecond.
      billedDurationMs: Math.ceil(durationMs + (initDurationMs ?? 0)),
      memorySizeMb: fn.memorySizeMb,
      maxMemoryUsedMb: this.#peakMemory.megabytes(invocation.log !== undefined),
      initDurationMs,
      ...report,
      ...cpu,
      note: this.#reportNote,
    });
    this.#exchange.settle();
    if (this.#state === 'busy') this.#state = 'ready';
    this.lastFreeAt = performance.now();
    invocation.finish(result);
    if (this.#retireWhenFree) this.kill('retired');
    else if (this.#state !== 'dead' && this.#killReason === undefined) this.events.free(this);
  }

  #writeLine(line: string): void {
    this.#log.write(line, this.#exchange.assigned);
  }
}
