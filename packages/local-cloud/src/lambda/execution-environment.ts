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
import { type ExtensionEventType, ExtensionRegistry, isRegistrationRefusal } from './extension-registry.js';
import { answerExtension, type ExtensionsApiReceiver } from './extensions-api.js';
import { type FunctionDefinition, functionArn } from './function-definition.js';
import type { Invocation, InvocationResult } from './invocation.js';
import {
  extensionCrash,
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
/** Lambda's shutdown phase when extensions registered for SHUTDOWN: 2 s, then the processes are killed. */
const shutdownLimitMs = 2_000;
/** What Lambda gives a runtime with internal extensions only to end after SIGTERM. */
const runtimeShutdownLimitMs = 500;

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
type KillReason = 'timeout' | 'init-error' | 'retired' | 'extension-crash';

/** An invocation whose caller has its answer while extensions still work on it. */
interface PostRuntime {
  readonly invocation: Invocation;
  readonly report: InvocationFailure['report'];
  readonly runtimeDurationMs: number;
  readonly respondedAt: number;
}

/**
 * One execution environment: a long-lived process of the function's runtime that pulls invocations
 * from the Runtime API, one at a time, until it is reaped, replaced or dies.
 */
export class ExecutionEnvironment implements RuntimeApiReceiver, ExtensionsApiReceiver {
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
  readonly #extensions = new ExtensionRegistry(() => this.#extensionsWaiting());
  /** The runtime's first `/next`, held until every registered extension has asked for its event too. */
  #initNext: ServerResponse | undefined;
  #postRuntime: PostRuntime | undefined;
  #shutdownTimer: NodeJS.Timeout | undefined;
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
    this.#cgroups = new EnvironmentCgroups(
      this.id,
      definition.memorySizeMb,
      services,
      (message) => this.#writeLine(message),
      definition.cpuPriority,
    );
    this.#exchange = new RuntimeExchange(definition.timeoutSeconds * 1000, functionArn(definition), {
      delivering: (invocation) => {
        this.#state = 'busy';
        // CPU figures go with the log tail: the scientist compares them.
        this.#cgroups.startCounting(invocation.log !== undefined);
      },
      delivered: (invocation, deadlineMs, traceId) => {
        this.#log.start(invocation);
        if (this.#extensions.size === 0) return;
        this.#extensions.dispatch({
          eventType: 'INVOKE',
          deadlineMs,
          requestId: invocation.requestId,
          invokedFunctionArn: functionArn(definition),
          tracing: { type: 'X-Amzn-Trace-Id', value: traceId },
        });
      },
      deadlinePassed: (invocation, elapsedMs) => {
        this.#killReason = 'timeout';
        const failure = timedOut(invocation.requestId, elapsedMs);
        // An extension still busy at the deadline: the caller has its answer, the environment is reset.
        if (this.#postRuntime) this.#endPostRuntime(failure.lines, failure.report);
        else this.#fail(invocation, failure);
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
      // Init ends when the runtime and every registered extension have asked for their next event.
      this.#extensions.closeRegistration();
      if (!this.#extensions.allWaiting) {
        this.#initNext?.destroy();
        this.#initNext = response;
        return;
      }
      this.#initDurationMs = performance.now() - this.#spawnedAt;
      clearTimeout(this.#initTimer);
      if (this.#process?.pid !== undefined) this.#cgroups.limitCpu(this.#process.pid);
    }
    // Still busy while extensions finish the last invocation (the post-runtime phase).
    if (!this.#postRuntime) this.#state = 'ready';
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

  // ---- Extensions API ----------------------------------------------------------------------------

  handleRegister(
    name: string,
    events: readonly ExtensionEventType[],
    acceptFeatures: string,
    response: ServerResponse,
  ): void {
    const registered = this.#extensions.register(name, events);
    if (isRegistrationRefusal(registered)) {
      answerExtension(response, registered.statusCode, {
        errorMessage: registered.errorMessage,
        errorType: registered.errorType,
      });
      return;
    }
    const fn = this.definition;
    response.setHeader('Lambda-Extension-Identifier', registered.id);
    // As on AWS, the account id only for extensions that ask for it.
    const accountId = acceptFeatures.split(',').some((feature) => feature.trim() === 'accountId');
    answerExtension(response, 200, {
      functionName: fn.name,
      functionVersion: '$LATEST',
      handler: fn.handler,
      ...(accountId ? { accountId: fn.accountId } : {}),
    });
  }

  handleExtensionNext(id: string, response: ServerResponse): boolean {
    if (this.#state === 'dead') return false;
    return this.#extensions.next(id, response);
  }

  handleExtensionError(id: string, phase: 'init' | 'exit', errorType: string | undefined): boolean {
    const name = this.#extensions.nameOf(id);
    if (name === undefined || this.#state === 'dead') return false;
    this.#extensions.remove(id);
    if (phase === 'init' && this.#state === 'initializing') {
      const type = errorType ?? 'Extension.InitError';
      const document = { errorMessage: `Extension ${name} failed to initialize`, errorType: type };
      this.handleInitError(Buffer.from(JSON.stringify(document)), type);
      return true;
    }
    // After the answer, so the extension sees its 202 before the environment is reset.
    setImmediate(() =>
      this.#extensionCrashed(`extension ${name} exited with error: ${errorType ?? 'unknown'}`),
    );
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
    if (reason === 'retired' && this.#state !== 'initializing' && this.#extensions.size > 0) {
      this.#shutDown();
      return;
    }
    this.#process?.killGroup();
  }

  /**
   * Spin-down with extensions registered: as on Lambda, a graceful shutdown. Extensions registered
   * for SHUTDOWN get the event and up to 2 s to finish. With internal extensions only, the runtime
   * gets SIGTERM and 500 ms (its exit ends the environment). (Lambda sends SIGTERM with external
   * extensions too; here the runtime's exit would end their shutdown early, so it does not.)
   */
  #shutDown(): void {
    if (this.#shutdownTimer) return;
    if (!this.#extensions.registeredFor('SHUTDOWN')) {
      this.#shutdownTimer = setTimeout(() => this.#process?.killGroup(), runtimeShutdownLimitMs);
      this.#process?.terminate();
      return;
    }
    this.#shutdownTimer = setTimeout(() => this.#process?.killGroup(), shutdownLimitMs);
    this.#extensions.dispatch({
      eventType: 'SHUTDOWN',
      shutdownReason: 'spindown',
      deadlineMs: Date.now() + shutdownLimitMs,
    });
  }

  /** Every extension has asked for its next event: init, an invocation or the shutdown may end. */
  #extensionsWaiting(): void {
    // Shutting down with SHUTDOWN sent: all done. (After SIGTERM alone, the runtime's exit ends it.)
    if (this.#shutdownTimer && this.#extensions.registeredFor('SHUTDOWN')) {
      this.#process?.killGroup();
      return;
    }
    if (this.#state === 'initializing' && this.#initNext) {
      const response = this.#initNext;
      this.#initNext = undefined;
      this.handleNext(response);
      return;
    }
    if (this.#postRuntime) this.#endPostRuntime();
  }

  /** An extension failed: the invocation in flight, if any, fails with Extension.Crash; the environment is reset. */
  #extensionCrashed(cause: string): void {
    if (this.#state === 'dead') return;
    const invocation = this.#exchange.assigned;
    if (this.#state === 'initializing') {
      this.handleInitError(
        Buffer.from(JSON.stringify({ errorMessage: cause, errorType: 'Extension.Crash' })),
        'Extension.Crash',
      );
      return;
    }
    this.#killReason ??= 'extension-crash';
    if (invocation) {
      const failure = extensionCrash(invocation.requestId, cause);
      if (this.#postRuntime) this.#endPostRuntime(failure.lines, failure.report);
      else this.#fail(invocation, failure);
    } else {
      for (const line of extensionCrash('-', cause).lines) this.#writeLine(line);
    }
    this.kill();
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
    clearTimeout(this.#shutdownTimer);
    // The extensions live in the process: one that was still finishing an invocation crashed with it.
    if (this.#postRuntime) {
      const failure = extensionCrash(
        this.#postRuntime.invocation.requestId,
        `exit status ${exit.code ?? exit.signal}`,
      );
      this.#endPostRuntime(failure.lines, failure.report);
    }
    this.#exchange.close();
    this.#extensions.close();
    this.#initNext?.destroy();
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
    this.#peakMemory.close();
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
    const durationMs = this.#exchange.elapsedMs();
    if (this.#extensions.allWaiting || this.#state === 'dead' || this.#killReason !== undefined) {
      this.#end(invocation, report, durationMs, this.#extensions.size > 0 ? 0 : undefined);
      // Released first: the pool's accounting runs before the invoker resumes, as it always has.
      invocation.release();
      invocation.finish(result);
      this.#released();
      return;
    }
    // The post-runtime phase: the caller has its answer now; END, REPORT and the next invocation
    // wait until every extension has asked for its next event.
    this.#postRuntime = { invocation, report, runtimeDurationMs: durationMs, respondedAt: performance.now() };
    invocation.finish(result);
  }

  #endPostRuntime(lines: readonly string[] = [], report?: InvocationFailure['report']): void {
    const phase = this.#postRuntime;
    if (!phase) return;
    this.#postRuntime = undefined;
    for (const line of lines) this.#writeLine(line);
    const extensionsMs = performance.now() - phase.respondedAt;
    this.#end(phase.invocation, report ?? phase.report, phase.runtimeDurationMs + extensionsMs, extensionsMs);
    phase.invocation.release();
    this.#released();
  }

  #end(
    invocation: Invocation,
    report: InvocationFailure['report'],
    durationMs: number,
    extensionsDurationMs: number | undefined,
  ): void {
    const fn = this.definition;
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
      ...(extensionsDurationMs === undefined ? {} : { extensionsDurationMs }),
      note: this.#reportNote,
    });
    this.#exchange.settle();
    if (this.#state === 'busy') this.#state = 'ready';
    this.lastFreeAt = performance.now();
  }

  /** The invocation is over, extensions included: the environment takes the next, or goes. */
  #released(): void {
    if (this.#retireWhenFree) this.kill('retired');
    else if (this.#state !== 'dead' && this.#killReason === undefined) this.events.free(this);
  }

  #writeLine(line: string): void {
    this.#log.write(line, this.#exchange.assigned);
  }
}
