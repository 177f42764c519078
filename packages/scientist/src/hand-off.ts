import type { Experiment } from '@serverless-scientist/core';
import { HandOffError } from './errors.js';
import type { InvokeFailureKind, InvokeOutcome } from './function-invoker.js';
import type { ServingNote } from './results/request-record.js';
import type { PendingResults } from './results/result-recorder.js';

/**
 * The proxy → runner contract: what travels in the runner's asynchronous invoke payload. The
 * proxy writes it, the runner reads it, and neither imports the other. Proxy and runner deploy
 * together, but the asynchronous invoke queue may still hold tasks written by the version before:
 * change a field's meaning only with a new {@link HAND_OFF_VERSION}. Tasks without a version
 * were written before it existed and are version 1.
 *
 * Version 2 added serving: a shadow task may say which candidate served the request (`served`),
 * and then carries no control answer unless the candidate failed and the control answered
 * instead. Version 1 tasks read as version 2 tasks that nobody but the control served.
 */
export const HAND_OFF_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, 2];

/** Asynchronous invokes take at most 1 MB; larger hand-offs are counted as skipped instead. */
export const MAX_HAND_OFF_BYTES = 1024 * 1024;

/**
 * A function's answer as the Invoke API gave it, the payload decoded once as UTF-8 text, with the
 * caller's timing. The runner turns it into an observation (hashing, header normalising), so the
 * client's path does not.
 */
export type FunctionAnswer =
  | {
      readonly kind: 'returned';
      /** The response payload as UTF-8 text, as the function returned it. */
      readonly payload: string;
      /** Set when the function failed: `Unhandled` or `Handled`, as the Invoke API says. */
      readonly functionError?: string;
      readonly logTail?: string;
      readonly clientMs: number;
    }
  | {
      readonly kind: 'failed';
      readonly failure: InvokeFailureKind;
      readonly message: string;
      readonly clientMs: number;
    };

/** A served candidate's answer: what the client got, or why the control answered instead. */
export interface ServedAnswer extends ServingNote {
  readonly answer: FunctionAnswer;
}

/** What the proxy hands the runner for one sampled or served request. */
export interface ShadowTask {
  readonly kind: 'shadow';
  readonly version?: number;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly experiment: Experiment;
  /** Ids of the candidates sampled for this request. */
  readonly candidates: readonly string[];
  /** Sampled for the noise check: the control runs a second time, as a shadow. */
  readonly noise?: boolean;
  /** The control's event, unchanged; the runner adds the shadow mark per candidate. */
  readonly event: Record<string, unknown>;
  /**
   * The control's answer on the client's path; absent when a candidate served the client, and
   * the runner then runs the control as the shadow.
   */
  readonly control?: FunctionAnswer;
  /** Set when a candidate was chosen to serve the request (version 2). */
  readonly served?: ServedAnswer;
}

/** A request the proxy could not hand over whole, counted so that gaps in the results have a reason. */
export interface SkippedTask {
  readonly kind: 'skipped';
  readonly version?: number;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly experiment: string;
  readonly reason: string;
  /** Set when a candidate was chosen to serve it, so serving counts survive a skipped hand-off. */
  readonly served?: ServingNote;
}

/**
 * Results a runner could not store before its invocation had to end, handed to a later
 * invocation of the runner (the asynchronous invoke queue keeps them meanwhile).
 */
export interface StoreRetryTask {
  readonly kind: 'store-retry';
  readonly version?: number;
  /** How many invocations have tried so far. */
  readonly attempt: number;
  /** Epoch milliseconds of the first failure. */
  readonly since: number;
  readonly pending: PendingResults;
}

export type RunnerTask = ShadowTask | SkippedTask | StoreRetryTask;

/** The Invoke API's outcome as an answer that travels: the payload decoded once. */
export function answerOf(outcome: InvokeOutcome, clientMs: number): FunctionAnswer {
  if (outcome.kind === 'failed')
    return { kind: 'failed', failure: outcome.failure, message: outcome.message, clientMs };
  if (outcome.kind === 'accepted')
    return { kind: 'failed', failure: 'invoke-failed', message: 'invoked without waiting', clientMs };
  const { payload } = outcome;
  return {
    kind: 'returned',
    // Decoded in place: Buffer.from(Uint8Array) would copy the whole answer first.
    payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    ...(outcome.functionError ? { functionError: outcome.functionError } : {}),
    ...(outcome.logTail ? { logTail: outcome.logTail } : {}),
    clientMs,
  };
}

/** A shadow task, less what the proxy already holds as JSON. */
export type ShadowTaskHead = Omit<ShadowTask, 'kind' | 'version' | 'experiment' | 'event'>;

/**
 * The shadow task's payload, written around JSON the proxy already holds (the event it sent the
 * control, the experiment serialised once per definitions version), so neither is serialised
 * again on the client's path. Reads back with {@link readRunnerTask} as the typed task.
 */
export function shadowTaskPayload(task: ShadowTaskHead, json: { experiment: string; event: string }): string {
  return (
    `{"kind":"shadow","version":${HAND_OFF_VERSION},"requestId":${JSON.stringify(task.requestId)}` +
    `,"receivedAt":${JSON.stringify(task.receivedAt)},"candidates":${JSON.stringify(task.candidates)}` +
    `${task.noise ? ',"noise":true' : ''}` +
    `${task.control ? `,"control":${JSON.stringify(task.control)}` : ''}` +
    `${task.served ? `,"served":${JSON.stringify(task.served)}` : ''}` +
    `,"experiment":${json.experiment},"event":${json.event}}`
  );
}

/** The payload of a task that carries no pre-serialised parts. */
export function runnerTaskPayload(task: SkippedTask | StoreRetryTask): string {
  return JSON.stringify({ ...task, version: HAND_OFF_VERSION });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The task in a runner invocation's event, checked enough that a payload from elsewhere (another
 * version, a hand-made invoke) fails here with what is wrong instead of deep inside a run.
 */
export function readRunnerTask(value: unknown): RunnerTask {
  if (!isRecord(value)) throw new HandOffError('the runner task is not a JSON object');
  const { kind, version } = value;
  if (version !== undefined && !READABLE_VERSIONS.includes(version))
    throw new HandOffError(
      `the runner task has version ${JSON.stringify(version)}; this runner reads versions ${READABLE_VERSIONS.join(' and ')}`,
    );
  const need = (field: string, type: 'string' | 'number' | 'object' | 'array') => {
    const present = value[field];
    const ok =
      type === 'array'
        ? Array.isArray(present)
        : type === 'object'
          ? isRecord(present)
          : typeof present === type;
    if (!ok) throw new HandOffError(`the ${String(kind)} runner task has no ${type} ${field}`);
  };
  if (kind === 'shadow') {
    need('requestId', 'string');
    need('receivedAt', 'number');
    need('experiment', 'object');
    need('candidates', 'array');
    need('event', 'object');
    const served = value.served;
    if (served !== undefined) {
      if (!isRecord(served) || typeof served.candidate !== 'string' || !isRecord(served.answer))
        throw new HandOffError('the shadow runner task has a served answer without candidate and answer');
      if (typeof served.fellBack !== 'boolean')
        throw new HandOffError('the shadow runner task has a served answer without boolean fellBack');
    }
    // The control's answer is on the client's path unless a candidate served it.
    if (!isRecord(served) || served.fellBack === true || value.control !== undefined)
      need('control', 'object');
  } else if (kind === 'skipped') {
    need('experiment', 'string');
    need('receivedAt', 'number');
    need('reason', 'string');
  } else if (kind === 'store-retry') {
    need('attempt', 'number');
    need('since', 'number');
    need('pending', 'object');
  } else {
    throw new HandOffError(
      `the runner task kind ${JSON.stringify(kind)} is not shadow, skipped or store-retry`,
    );
  }
  return value as unknown as RunnerTask;
}
