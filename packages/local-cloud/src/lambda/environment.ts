import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hostVersionNote } from '../runtimes/host-version.js';
import type { RuntimeLauncher } from '../runtimes/runtime-launcher.js';
import type { AccountingGroup, CpuAccounting, CpuCounters } from './cpu-accounting.js';
import type { CpuQuota } from './cpu-quota.js';
import { type FunctionDefinition, functionArn } from './function-definition.js';
import type { Invocation, InvocationResult } from './invocation.js';
import type { FunctionLog, LogBook } from './log-book.js';
import type { MemoryGroup, MemoryLimit } from './memory-limit.js';
import { formatReportLine, type ReportFigures } from './report-line.js';
import { RuntimeApiListener } from './runtime-api.js';

/** Lambda gives an environment's init phase 10 s before it gives up on it. */
const initLimitMs = 10_000;
/**
 * Reading the peak memory costs two file reads; invocations that do not ask for their log tail report a
 * figure refreshed in the background at most this often, so the reads stay off the invoke path.
 */
const memoryRefreshIntervalMs = 1_000;

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

const runtimesDir = fileURLToPath(new URL('../runtimes/', import.meta.url));

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

// X-Ray ids only need to be unique: a random part drawn once per process and a counter, instead of
// drawing random bytes on every invocation.
const traceIdPrefix = randomBytes(8).toString('hex');
let traceCounter = 0;

function traceId(): string {
  traceCounter = (traceCounter + 1) >>> 0;
  const count = traceCounter.toString(16).padStart(8, '0');
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${traceIdPrefix}${count};Parent=${traceIdPrefix.slice(0, 8)}${count};Sampled=0`;
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${signal === 'SIGKILL' ? 'killed' : signal.toLowerCase().replace(/^sig/, '')}`;
  return `exit status ${code ?? 0}`;
}

/**
 * One execution environment: a long-lived process of the function's runtime that pulls invocations
 * from the Runtime API, one at a time, until it is reaped, replaced or dies.
 */
export class ExecutionEnvironment {
  readonly id = randomBytes(6).toString('hex');
  readonly logStreamName = logStreamName();
  #state: State = 'initializing';
  #child: ChildProcess | undefined;
  #spawnedAt = 0;
  #initDurationMs: number | undefined;
  /** Reported once, with the first invocation this environment serves. */
  #initDurationUnreported = true;
  #heldNext: ServerResponse | undefined;
  #assigned: Invocation | undefined;
  #deliveredAt = 0;
  #initTimer: NodeJS.Timeout | undefined;
  /** One timer for every invocation's deadline, re-armed on delivery rather than created each time. */
  #invocationTimer: NodeJS.Timeout | undefined;
  #runtimeApi: RuntimeApiListener | undefined;
  readonly #log: FunctionLog;
  readonly #arn: string;
  #memoryRefreshedAt = Number.NEGATIVE_INFINITY;
  #memoryRefreshing = false;
  #cpuGroup: string | undefined;
  #accountingGroup: AccountingGroup | undefined;
  /** The environment's CPU counters when the current invocation was delivered (log tail wanted). */
  #cpuAtDelivery: CpuCounters | undefined;
  #memoryGroup: MemoryGroup | undefined;
  #peakMemoryMb = 0;
  #retireWhenFree = false;
  #killReason: 'timeout' | 'init-error' | 'retired' | undefined;
  #exitCode: { code: number | null; signal: NodeJS.Signals | null } | undefined;
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
    this.#log = services.logBook.logOf(definition.name);
    this.#arn = functionArn(definition);
    this.#reportNote =
      [services.reportNote, hostVersionNote(definition.runtime)].filter(Boolean).join('; ') || undefined;
  }

  get state(): State {
    return this.#state;
  }

  /** Free for an invocation now, or as soon as its runtime asks for the next one. */
  get available(): boolean {
    return (
      this.#state !== 'dead' &&
      this.#assigned === undefined &&
      !this.#retireWhenFree &&
      this.#killReason === undefined
    );
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** `runtimeApi` is this environment's Runtime API address, `host:port`. */
  environmentVariables(runtimeApi: string): Record<string, string> {
    const fn = this.definition;
    const hostPath = process.env.PATH ?? '';
    // User variables first: Lambda's reserved variables cannot be overridden by the function's configuration.
    return {
      PATH: `/usr/local/bin:/usr/bin:/bin:/opt/bin${hostPath ? `:${hostPath}` : ''}`,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...this.services.extraEnvironment,
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      LAMBDA_TASK_ROOT: fn.codeDir,
      LAMBDA_RUNTIME_DIR: runtimesDir,
      _HANDLER: fn.handler,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
    };
  }

  /** Opens the environment's Runtime API, then starts its process. */
  start(): void {
    RuntimeApiListener.open(this).then(
      (runtimeApi) => {
        this.#runtimeApi = runtimeApi;
        // Killed (e.g. the service stopped) while the port was being opened.
        if (this.#killReason !== undefined) this.#exited(null, null);
        else this.#spawn(runtimeApi.hostPort);
      },
      (error: Error) => {
        this.#writeLine(`Runtime API cannot listen: ${error.message}`);
        this.#exited(null, null, `Runtime API cannot listen: ${error.message}`);
      },
    );
  }

  #spawn(runtimeApi: string): void {
    const fn = this.definition;
    this.#spawnedAt = performance.now();
    let spec: ReturnType<RuntimeLauncher['launch']>;
    try {
      spec = this.launcher.launch(fn, this.environmentVariables(runtimeApi));
    } catch (error) {
      this.#writeLine(`Runtime cannot start: ${(error as Error).message}`);
      this.#exited(null, null, (error as Error).message);
      return;
    }
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout kills whatever the function started too.
      detached: true,
    });
    this.#child = child;
    child.on('error', (error) => {
      this.#writeLine(`Runtime failed to start: ${spec.command}: ${error.message}`);
      this.#exited(null, null, `failed to start: ${error.message}`);
    });
    if (child.pid !== undefined) {
      try {
        this.#memoryGroup = this.services.memoryLimit.limit(this.id, child.pid, fn.memorySizeMb);
      } catch (error) {
        this.#writeLine(`Cannot apply the environment's memory limit: ${(error as Error).message}`);
      }
    }
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
          this.#writeLine(line),
        );
    }
    child.on('exit', (code, signal) => {
      // The runtime is gone: take down anything it started so its pipes close.
      this.#killGroup();
      if (this.#state !== 'dead') this.#exitCode = { code, signal };
    });
    child.on('close', (code, signal) => this.#exited(code, signal));
    // Lambda retries an init that overruns its 10 s inside the invoke phase, under the function's timeout.
    this.#initTimer = setTimeout(() => this.#initTimedOut(), initLimitMs + fn.timeoutSeconds * 1000);
  }

  /** Gives this environment its next invocation; it runs as soon as the runtime asks for work. */
  assign(invocation: Invocation): void {
    if (!this.available)
      throw new Error(`Environment ${this.id} of ${this.definition.name} is not available`);
    this.#assigned = invocation;
    if (this.#heldNext) {
      const response = this.#heldNext;
      this.#heldNext = undefined;
      this.#deliver(invocation, response);
    }
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
      this.#applyCpuQuota();
    }
    if (this.#heldNext) this.#heldNext.destroy();
    this.#state = 'ready';
    if (this.#assigned && !this.#deliveredAt) this.#deliver(this.#assigned, response);
    else this.#heldNext = response;
  }

  /** Returns false when the request id is not this environment's current invocation. */
  handleResult(requestId: string, body: Buffer, failed: boolean, acknowledge: () => void): boolean {
    const invocation = this.#current(requestId);
    if (!invocation) return false;
    // Let output the runtime wrote just before answering reach the log before END is written.
    setImmediate(() => {
      this.#complete(
        invocation,
        { payload: body, functionError: failed ? 'Unhandled' : undefined },
        failed ? { status: 'error' } : {},
      );
      // The invoker resumes first; the runtime's 202 (a socket write that wakes it) goes out a turn later.
      setImmediate(acknowledge);
    });
    return true;
  }

  handleResponseTooLarge(requestId: string, bytes: number, limitBytes: number): boolean {
    const invocation = this.#current(requestId);
    if (!invocation) return false;
    const errorType = 'Function.ResponseSizeTooLarge';
    const payload = {
      errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${limitBytes} bytes).`,
      errorType,
    };
    setImmediate(() =>
      this.#complete(
        invocation,
        { payload: Buffer.from(JSON.stringify(payload)), functionError: 'Unhandled' },
        { status: 'error', errorType },
      ),
    );
    return true;
  }

  handleInitError(body: Buffer, errorType: string | undefined): void {
    if (this.#state !== 'initializing') return;
    this.#initDurationMs = performance.now() - this.#spawnedAt;
    clearTimeout(this.#initTimer);
    let type = errorType;
    try {
      type ??= (JSON.parse(body.toString('utf8')) as { errorType?: string }).errorType;
    } catch {}
    type ??= 'Runtime.Unknown';
    this.#writeLine(
      `INIT_REPORT Init Duration: ${this.#initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${type}`,
    );
    const invocation = this.#assigned;
    this.#killReason = 'init-error';
    if (invocation) {
      setImmediate(() => {
        this.#startLine(invocation);
        this.#complete(
          invocation,
          { payload: body, functionError: 'Unhandled' },
          { status: 'error', errorType: type },
        );
      });
    }
    this.kill();
  }

  // Lambda lets the init phase run with more CPU than the memory size buys; the quota starts with the first invocation.
  #applyCpuQuota(): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    const { cpuQuota, cpuAccounting } = this.services;
    try {
      this.#cpuGroup = cpuQuota.limit(this.id, pid, this.definition.memorySizeMb);
    } catch (error) {
      this.#writeLine(`Cannot apply the environment's CPU quota: ${(error as Error).message}`);
    }
    try {
      const quota =
        this.#cpuGroup && cpuQuota.version ? { dir: this.#cpuGroup, version: cpuQuota.version } : undefined;
      this.#accountingGroup = cpuAccounting.attach(this.id, pid, quota);
    } catch (error) {
      this.#writeLine(`Cannot count the environment's CPU time: ${(error as Error).message}`);
    }
  }

  // ---- life cycle --------------------------------------------------------------------------------

  /** Replace this environment once its current invocation, if any, is done. */
  retire(): void {
    if (this.#assigned) this.#retireWhenFree = true;
    else this.kill('retired');
  }

  kill(reason?: 'timeout' | 'init-error' | 'retired'): void {
    this.#killReason ??= reason;
    if (this.#state === 'dead') return;
    this.#killGroup();
  }

  #killGroup(): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  #current(requestId: string): Invocation | undefined {
    const invocation = this.#assigned;
    return invocation && invocation.requestId === requestId && this.#deliveredAt && !invocation.finished
      ? invocation
      : undefined;
  }

  #deliver(invocation: Invocation, response: ServerResponse): void {
    const fn = this.definition;
    this.#state = 'busy';
    // Read before the clock starts, so the reading's own cost stays out of the invocation's Duration.
    this.#cpuAtDelivery =
      invocation.log !== undefined ? this.services.cpuAccounting.read(this.#accountingGroup) : undefined;
    this.#deliveredAt = performance.now();
    this.#startLine(invocation);
    const headers: (string | number)[] = [
      'Content-Type',
      'application/json',
      'Content-Length',
      invocation.payload.length,
      'Lambda-Runtime-Aws-Request-Id',
      invocation.requestId,
      'Lambda-Runtime-Deadline-Ms',
      Date.now() + fn.timeoutSeconds * 1000,
      'Lambda-Runtime-Invoked-Function-Arn',
      this.#arn,
      'Lambda-Runtime-Trace-Id',
      traceId(),
    ];
    if (invocation.clientContext) {
      headers.push(
        'Lambda-Runtime-Client-Context',
        Buffer.from(invocation.clientContext, 'base64').toString('utf8'),
      );
    }
    response.writeHead(200, headers as unknown as Record<string, string>);
    response.end(invocation.payload);
    if (this.#invocationTimer) this.#invocationTimer.refresh();
    else this.#invocationTimer = setTimeout(() => this.#timedOut(), fn.timeoutSeconds * 1000);
  }

  #startLine(invocation: Invocation): void {
    this.#writeLine(`START RequestId: ${invocation.requestId} Version: $LATEST`);
  }

  // The timer is re-armed on every delivery and left running after a completion: a firing with no
  // invocation in flight is a no-op.
  #timedOut(): void {
    const invocation = this.#assigned;
    if (!invocation || !this.#deliveredAt || invocation.finished) return;
    const seconds = ((performance.now() - this.#deliveredAt) / 1000).toFixed(2);
    const message = `${new Date().toISOString()} ${invocation.requestId} Task timed out after ${seconds} seconds`;
    this.#writeLine(message);
    this.#killReason = 'timeout';
    this.#complete(
      invocation,
      { payload: Buffer.from(JSON.stringify({ errorMessage: message })), functionError: 'Unhandled' },
      { status: 'timeout' },
    );
    this.kill();
  }

  #initTimedOut(): void {
    if (this.#state !== 'initializing') return;
    const invocation = this.#assigned;
    const elapsed = ((performance.now() - this.#spawnedAt) / 1000).toFixed(2);
    this.#killReason = 'timeout';
    if (invocation) {
      this.#startLine(invocation);
      const message = `${new Date().toISOString()} ${invocation.requestId} Task timed out after ${elapsed} seconds`;
      this.#writeLine(message);
      this.#complete(
        invocation,
        { payload: Buffer.from(JSON.stringify({ errorMessage: message })), functionError: 'Unhandled' },
        { status: 'timeout' },
      );
    }
    this.kill();
  }

  #exited(code: number | null, signal: NodeJS.Signals | null, startFailure?: string): void {
    if (this.#state === 'dead') return;
    const { code: exitCode, signal: exitSignal } = this.#exitCode ?? { code, signal };
    const wasInitializing = this.#state === 'initializing';
    this.#state = 'dead';
    clearTimeout(this.#initTimer);
    clearTimeout(this.#invocationTimer);
    this.#heldNext?.destroy();
    this.#heldNext = undefined;
    this.#runtimeApi?.close();
    const invocation = this.#assigned;
    if (invocation && !invocation.finished && this.#killReason !== 'init-error') {
      const outOfMemory = this.services.memoryLimit.outOfMemory(this.#memoryGroup);
      const errorType = startFailure
        ? 'Runtime.InvalidEntrypoint'
        : outOfMemory
          ? 'Runtime.OutOfMemory'
          : 'Runtime.ExitError';
      const message = startFailure
        ? `RequestId: ${invocation.requestId} Error: ${startFailure}`
        : `RequestId: ${invocation.requestId} Error: Runtime exited with error: ${exitDescription(exitCode, exitSignal)}`;
      if (wasInitializing || !this.#deliveredAt) this.#startLine(invocation);
      this.#writeLine(message);
      this.#writeLine(errorType);
      this.#complete(
        invocation,
        {
          payload: Buffer.from(JSON.stringify({ errorType, errorMessage: message })),
          functionError: 'Unhandled',
        },
        { status: 'error', errorType },
      );
    }
    this.services.cpuQuota.release(this.#cpuGroup);
    this.services.cpuAccounting.release(this.#accountingGroup);
    this.services.memoryLimit.release(this.#memoryGroup);
    this.events.gone(this);
  }

  #complete(
    invocation: Invocation,
    result: InvocationResult,
    failure: Pick<ReportFigures, 'status' | 'errorType'>,
  ): void {
    if (invocation.finished) return;
    const fn = this.definition;
    const durationMs = this.#deliveredAt ? performance.now() - this.#deliveredAt : 0;
    const { cpuAccounting } = this.services;
    const cpu = this.#cpuAtDelivery
      ? cpuAccounting.figures(this.#cpuAtDelivery, cpuAccounting.read(this.#accountingGroup))
      : undefined;
    this.#cpuAtDelivery = undefined;
    const initDurationMs = this.#initDurationUnreported ? this.#initDurationMs : undefined;
    this.#initDurationUnreported = false;
    this.#writeLine(`END RequestId: ${invocation.requestId}`);
    this.#writeLine(
      formatReportLine({
        requestId: invocation.requestId,
        durationMs,
        // Lambda bills the init phase of managed runtimes too, rounded up to the millisecond.
        billedDurationMs: Math.ceil(durationMs + (initDurationMs ?? 0)),
        memorySizeMb: fn.memorySizeMb,
        maxMemoryUsedMb: this.#maxMemoryUsedMb(invocation.log !== undefined),
        initDurationMs,
        ...failure,
        ...cpu,
        note: this.#reportNote,
      }),
    );
    this.#assigned = undefined;
    this.#deliveredAt = 0;
    if (this.#state === 'busy') this.#state = 'ready';
    this.lastFreeAt = performance.now();
    invocation.finish(result);
    if (this.#retireWhenFree) this.kill('retired');
    else if (this.#state !== 'dead' && this.#killReason === undefined) this.events.free(this);
  }

  /**
   * Max Memory Used: read now when the invoker wants the log tail (the scientist compares these) or the
   * environment has no figure yet; otherwise the last figure, with a background refresh at most once a second.
   */
  #maxMemoryUsedMb(accurate: boolean): number {
    const now = performance.now();
    if (accurate || this.#memoryRefreshedAt === Number.NEGATIVE_INFINITY) {
      this.#memoryRefreshedAt = now;
      for (const file of this.#memoryFiles()) {
        try {
          this.#notePeakMemory(file, readFileSync(file, 'utf8'));
        } catch {}
      }
    } else if (!this.#memoryRefreshing && now - this.#memoryRefreshedAt >= memoryRefreshIntervalMs) {
      this.#memoryRefreshing = true;
      this.#memoryRefreshedAt = now;
      Promise.all(
        this.#memoryFiles().map((file) =>
          readFile(file, 'utf8').then(
            (text) => this.#notePeakMemory(file, text),
            () => undefined,
          ),
        ),
      ).finally(() => {
        this.#memoryRefreshing = false;
      });
    }
    return this.#peakMemoryMb;
  }

  // The cgroup's peak includes page cache the process caused; the process's own peak RSS covers what
  // was charged before it joined the cgroup. Lambda's figure is the larger view.
  #memoryFiles(): string[] {
    const files: string[] = [];
    const peakFile = this.services.memoryLimit.peakFile(this.#memoryGroup);
    if (peakFile) files.push(peakFile);
    if (this.#child?.pid !== undefined && this.#state !== 'dead')
      files.push(`/proc/${this.#child.pid}/status`);
    return files;
  }

  #notePeakMemory(file: string, text: string): void {
    let bytes: number;
    if (file.endsWith('/status')) {
      const match = /VmHWM:\s+(\d+) kB/.exec(text);
      if (!match) return;
      bytes = Number(match[1]) * 1024;
    } else bytes = Number(text.trim());
    if (Number.isFinite(bytes)) this.#peakMemoryMb = Math.max(this.#peakMemoryMb, Math.ceil(bytes / 1048576));
  }

  #writeLine(line: string): void {
    this.#log.write(line);
    this.#assigned?.log?.add(line);
  }
}
