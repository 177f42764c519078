import type { InvokeOutcome, InvokeRequest, Invoker } from '../../src/index.js';

/** A function as the in-memory Lambda runs it: the event in, the proxy response (or a throw) out. */
export type TestFunction = (event: Record<string, unknown>) => Promise<unknown> | unknown;

export interface Invocation {
  readonly functionName: string;
  readonly event: Record<string, unknown>;
  readonly invocationType: InvokeRequest['invocationType'];
  /** Whether the caller asked for the log tail (the REPORT figures): only synchronous invokes do. */
  readonly logTail?: boolean;
}

/**
 * Lambda's Invoke API in process, for the proxy's and runner's logic: synchronous invokes run the
 * function and answer with its payload (a throw becomes `FunctionError: Unhandled`), each with a
 * REPORT line; asynchronous invokes are queued for the test to run. Timeouts behave as the SDK's
 * abort does: the caller stops waiting.
 */
export class InMemoryLambda implements Invoker {
  readonly invocations: Invocation[] = [];
  readonly queued: { functionName: string; payload: unknown }[] = [];
  private coldStarted = new Set<string>();

  /**
   * `reportedMs` gives a function's REPORT Duration instead of the time it took here, for tests of
   * duration verdicts that must not depend on how busy this machine is.
   */
  constructor(
    private readonly functions: Record<string, TestFunction>,
    private readonly reportedMs: (functionName: string) => number | undefined = () => undefined,
  ) {}

  async invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const name = request.functionName.split(':').pop() ?? request.functionName;
    const event = JSON.parse(Buffer.from(request.payload).toString('utf8')) as Record<string, unknown>;
    this.invocations.push({
      functionName: name,
      event,
      invocationType: request.invocationType,
      ...(request.invocationType === 'Event' ? {} : { logTail: request.logTail === true }),
    });
    const fn = this.functions[name];
    if (!fn)
      return { kind: 'failed', failure: 'invoke-failed', message: `ResourceNotFoundException: ${name}` };
    if (request.invocationType === 'Event') {
      this.queued.push({ functionName: name, payload: event });
      return { kind: 'accepted' };
    }
    const started = performance.now();
    const run = (async () => {
      try {
        return { payload: JSON.stringify((await fn(event)) ?? null) };
      } catch (error) {
        return {
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorType: (error as Error).name,
            errorMessage: (error as Error).message,
          }),
        };
      }
    })();
    const result = await (request.timeoutMs === undefined
      ? run
      : Promise.race([
          run,
          new Promise<undefined>((resolve) =>
            setTimeout(() => resolve(undefined), request.timeoutMs).unref(),
          ),
        ]));
    if (!result) return { kind: 'failed', failure: 'timeout', message: 'no answer within the timeout' };
    const durationMs = (this.reportedMs(name) ?? performance.now() - started).toFixed(2);
    const init = this.coldStarted.has(name) ? '' : ' Init Duration: 12.50 ms';
    this.coldStarted.add(name);
    return {
      kind: 'returned',
      payload: Buffer.from(result.payload),
      ...(result.functionError ? { functionError: result.functionError } : {}),
      ...(request.logTail
        ? {
            logTail: `START RequestId: x\nREPORT RequestId: x\tDuration: ${durationMs} ms\tBilled Duration: ${Math.max(1, Math.ceil(Number(durationMs)))} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t${init}\n`,
          }
        : {}),
    };
  }

  countOf(functionName: string): number {
    return this.invocations.filter((invocation) => invocation.functionName === functionName).length;
  }

  /** Takes the queued asynchronous invokes (the runner's tasks) for the test to run. */
  drain(): unknown[] {
    return this.queued.splice(0).map((entry) => entry.payload);
  }
}
