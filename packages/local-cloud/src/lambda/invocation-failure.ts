import type { InvocationResult } from './invocation.js';
import type { ReportFigures } from './report-line.js';

/**
 * How an invocation failed, as Lambda shows it: the lines it writes to the function's log before END,
 * what the invoker gets back, and the REPORT line's status. Every failure (a timeout, a process that
 * exits, an error the runtime posts) is one of these, completed the same way.
 */
export interface InvocationFailure {
  readonly lines: readonly string[];
  readonly result: InvocationResult;
  readonly report: Pick<ReportFigures, 'status' | 'errorType'>;
}

function failure(
  payload: Buffer,
  report: InvocationFailure['report'],
  lines: string[] = [],
): InvocationFailure {
  return Object.freeze({ lines, result: { payload, functionError: 'Unhandled' as const }, report });
}

/** The function's timeout (or the init limit) passed; `elapsedMs` is the time since its clock started. */
export function timedOut(requestId: string, elapsedMs: number, now: Date = new Date()): InvocationFailure {
  const message = `${now.toISOString()} ${requestId} Task timed out after ${(elapsedMs / 1000).toFixed(2)} seconds`;
  return failure(Buffer.from(JSON.stringify({ errorMessage: message })), { status: 'timeout' }, [message]);
}

/** What ended the process: how it exited, or why it never started. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not be started at all (no runtime, no Runtime API port). */
  startFailure?: string | undefined;
  /** The memory cgroup's OOM killer acted. */
  outOfMemory: boolean;
}

/** The process is gone while an invocation was assigned to it. */
export function processEnded(requestId: string, end: ProcessEnd): InvocationFailure {
  const errorType = end.startFailure
    ? 'Runtime.InvalidEntrypoint'
    : end.outOfMemory
      ? 'Runtime.OutOfMemory'
      : 'Runtime.ExitError';
  const message = end.startFailure
    ? `RequestId: ${requestId} Error: ${end.startFailure}`
    : `RequestId: ${requestId} Error: Runtime exited with error: ${exitDescription(end.code, end.signal)}`;
  return failure(
    Buffer.from(JSON.stringify({ errorType, errorMessage: message })),
    { status: 'error', errorType },
    [message, errorType],
  );
}

/** The runtime posted the function's error document (`/invocation/{id}/error`, or `/init/error` with its type). */
export function runtimeError(body: Buffer, errorType?: string): InvocationFailure {
  return failure(body, errorType === undefined ? { status: 'error' } : { status: 'error', errorType });
}

/**
 * An extension failed (reported `exit/error`, or its process ended) while an invocation was in
 * flight: Lambda resets the environment and calls it `Extension.Crash`.
 */
export function extensionCrash(requestId: string, cause: string): InvocationFailure {
  const errorType = 'Extension.Crash';
  const message = `RequestId: ${requestId} Error: ${cause}`;
  return failure(
    Buffer.from(JSON.stringify({ errorType, errorMessage: message })),
    { status: 'error', errorType },
    [message, errorType],
  );
}

/** The function answered with more than Lambda accepts. */
export function responseTooLarge(bytes: number, limitBytes: number): InvocationFailure {
  const errorType = 'Function.ResponseSizeTooLarge';
  const payload = {
    errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${limitBytes} bytes).`,
    errorType,
  };
  return failure(Buffer.from(JSON.stringify(payload)), { status: 'error', errorType });
}

/** The error type an `/init/error` post names: its header, else its document's `errorType`. */
export function initErrorType(body: Buffer, header: string | undefined): string {
  if (header !== undefined) return header;
  try {
    const type = (JSON.parse(body.toString('utf8')) as { errorType?: unknown }).errorType;
    if (typeof type === 'string') return type;
  } catch {
    // Not JSON: Lambda calls that Runtime.Unknown too.
  }
  return 'Runtime.Unknown';
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${signal === 'SIGKILL' ? 'killed' : signal.toLowerCase().replace(/^sig/, '')}`;
  return `exit status ${code ?? 0}`;
}
