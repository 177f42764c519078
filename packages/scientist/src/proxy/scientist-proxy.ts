import { randomUUID } from 'node:crypto';
import { type Experiment, isSampled, measuresNoise, NOISE_ID } from '../core-api.js';
import { ControlFailedError } from '../errors.js';
import { experimentFor } from '../experiment-routes.js';
import { type Clock, type InvokeOutcome, type Invoker, systemClock } from '../ports.js';
import type { ControlAnswer, SkippedTask } from '../runner/shadow-task.js';
import type { LoadedDefinitions } from './definition-cache.js';
import { type GatewayRequest, missingRouteResponse, readGatewayRequest } from './gateway-request.js';

/** Asynchronous invokes take at most 1 MB; larger hand-offs are counted as skipped instead. */
const MAX_HAND_OFF_BYTES = 1024 * 1024;

/** Something went wrong on the scientist's side, off the client's path; reported, never thrown. */
export interface ProxyIncident {
  readonly experiment: string;
  readonly requestId: string;
  readonly problem: 'hand-off-failed' | 'hand-off-skipped';
  readonly message: string;
}

export interface ProxyOptions {
  readonly definitions: { current(): Promise<LoadedDefinitions> };
  readonly invoker: Invoker;
  /** Name or ARN of the runner function, invoked asynchronously. */
  readonly runnerFunction: string;
  readonly clock?: Clock;
  /** Bounds the hand-off to the runner; the client has its answer ready and must not wait long. */
  readonly handOffTimeoutMs?: number;
  readonly onIncident?: (incident: ProxyIncident) => void;
  readonly newRequestId?: () => string;
  /**
   * Counts every request the runner accepted (`ResultRecorder.countHandedOff`), so that results
   * can say how many a runner lost; written at most every `flushEveryMs`, alongside a control
   * invoke, never on its own on the client's path.
   */
  readonly handOffs?: HandOffCounter;
  readonly flushEveryMs?: number;
}

export interface HandOffCounter {
  countHandedOff(experiment: string, at: number): void;
  readonly hasPending: boolean;
  flush(): Promise<unknown>;
}

/**
 * The scientist proxy: sends the request to the control, unchanged, and answers with the
 * control's response, unchanged; then hands request and control observation to the runner.
 * When the control fails, the proxy fails the same way (ControlFailedError), so API Gateway
 * answers the client exactly as it would have without the scientist.
 */
export class ScientistProxy {
  private readonly clock: Clock;
  private readonly handOffTimeoutMs: number;
  private readonly newRequestId: () => string;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ProxyOptions) {
    this.clock = options.clock ?? systemClock;
    this.handOffTimeoutMs = options.handOffTimeoutMs ?? 1000;
    this.newRequestId = options.newRequestId ?? randomUUID;
  }

  async handle(event: unknown): Promise<unknown> {
    const receivedAt = this.clock.now();
    const request = readGatewayRequest(event);
    const { experiments } = await this.options.definitions.current();
    const experiment = experimentFor(experiments, request.path, request.method);
    if (!experiment) return missingRouteResponse(request.format);

    // Serialised once: the control's payload, and again verbatim inside the runner's hand-off.
    const eventJson = JSON.stringify(request.event);
    const started = this.clock.monotonic();
    const counted = this.flushHandOffs(started);
    const outcome = await this.options.invoker.invoke({
      functionName: experiment.control.arn,
      payload: Buffer.from(eventJson),
      invocationType: 'RequestResponse',
      logTail: true,
    });
    const clientMs = this.clock.monotonic() - started;
    await counted;
    const requestId = requestIdOf(request) ?? this.newRequestId();
    // Decoded in place: Buffer.from(Uint8Array) would copy the whole answer first.
    const answerText =
      outcome.kind === 'returned'
        ? Buffer.from(
            outcome.payload.buffer,
            outcome.payload.byteOffset,
            outcome.payload.byteLength,
          ).toString('utf8')
        : undefined;

    // Whatever goes wrong while shadowing is the scientist's problem, never the client's.
    try {
      await this.shadow(experiment, eventJson, controlAnswer(outcome, answerText, clientMs), {
        requestId,
        receivedAt,
        method: request.method,
      });
    } catch (error) {
      this.options.onIncident?.({
        experiment: experiment.id,
        requestId,
        problem: 'hand-off-failed',
        message: (error as Error).message,
      });
    }

    if (outcome.kind === 'returned' && !outcome.functionError) return JSON.parse(answerText ?? 'null');
    const reason =
      outcome.kind === 'failed'
        ? `${outcome.failure}: ${outcome.message}`
        : `function error (${outcome.kind === 'returned' ? outcome.functionError : 'none'})`;
    throw new ControlFailedError(
      `control ${experiment.control.functionName} of experiment ${experiment.id} failed: ${reason}`,
      experiment.id,
    );
  }

  private async shadow(
    experiment: Experiment,
    eventJson: string,
    control: ControlAnswer,
    at: { requestId: string; receivedAt: number; method: string },
  ): Promise<void> {
    if (!experiment.enabled) return;
    const sampled: string[] = [];
    for (const candidate of experiment.candidates) {
      if (
        candidate.enabled &&
        isSampled(candidate.samplePercent, {
          salt: experiment.salt,
          decision: candidate.id,
          key: at.requestId,
        })
      )
        sampled.push(candidate.id);
    }
    // Only methods declared safe to repeat run the control twice; its own sampling decision.
    const noise =
      measuresNoise(experiment, at.method) &&
      isSampled(experiment.noise?.percent ?? 0, {
        salt: experiment.salt,
        decision: NOISE_ID,
        key: at.requestId,
      });
    if (sampled.length === 0 && !noise) return;
    // A ShadowTask, written by hand around the event's JSON so the event is not serialised twice.
    let body =
      `{"kind":"shadow","requestId":${JSON.stringify(at.requestId)},"receivedAt":${at.receivedAt}` +
      `,"candidates":${JSON.stringify(sampled)}${noise ? ',"noise":true' : ''},"control":${JSON.stringify(control)}` +
      `,"experiment":${experimentJson(experiment)},"event":${eventJson}}`;
    if (body.length > MAX_HAND_OFF_BYTES / 3 && Buffer.byteLength(body) > MAX_HAND_OFF_BYTES) {
      const skipped: SkippedTask = {
        kind: 'skipped',
        requestId: at.requestId,
        receivedAt: at.receivedAt,
        experiment: experiment.id,
        reason: `request and control answer are ${Buffer.byteLength(body)} bytes, above the 1 MB asynchronous invoke limit`,
      };
      this.options.onIncident?.({
        experiment: experiment.id,
        requestId: at.requestId,
        problem: 'hand-off-skipped',
        message: skipped.reason,
      });
      body = JSON.stringify(skipped);
    }
    const outcome = await this.options.invoker.invoke({
      functionName: this.options.runnerFunction,
      payload: Buffer.from(body),
      invocationType: 'Event',
      timeoutMs: this.handOffTimeoutMs,
    });
    if (outcome.kind === 'failed') {
      this.options.onIncident?.({
        experiment: experiment.id,
        requestId: at.requestId,
        problem: 'hand-off-failed',
        message: `${outcome.failure}: ${outcome.message}`,
      });
    } else {
      this.options.handOffs?.countHandedOff(experiment.id, at.receivedAt);
    }
  }

  /** Writes the hand-off counts when due, while the control runs; a failure keeps them pending. */
  private async flushHandOffs(now: number): Promise<void> {
    const handOffs = this.options.handOffs;
    if (!handOffs?.hasPending || now - this.lastFlush < (this.options.flushEveryMs ?? 5000)) return;
    this.lastFlush = now;
    try {
      await handOffs.flush();
    } catch {
      // The recorder keeps what it could not write for the next flush.
    }
  }
}

/** Experiments are immutable values that live as long as a definitions version: serialise each once. */
const experimentJsonCache = new WeakMap<Experiment, string>();
function experimentJson(experiment: Experiment): string {
  let json = experimentJsonCache.get(experiment);
  if (json === undefined) {
    json = JSON.stringify(experiment);
    experimentJsonCache.set(experiment, json);
  }
  return json;
}

function controlAnswer(outcome: InvokeOutcome, text: string | undefined, clientMs: number): ControlAnswer {
  if (outcome.kind === 'failed')
    return { kind: 'failed', failure: outcome.failure, message: outcome.message, clientMs };
  return {
    kind: 'returned',
    payload: text ?? '',
    ...(outcome.kind === 'returned' && outcome.functionError ? { functionError: outcome.functionError } : {}),
    ...(outcome.kind === 'returned' && outcome.logTail ? { logTail: outcome.logTail } : {}),
    clientMs,
  };
}

function requestIdOf(request: GatewayRequest): string | undefined {
  const context = request.event.requestContext as { requestId?: unknown } | undefined;
  return typeof context?.requestId === 'string' && context.requestId !== '' ? context.requestId : undefined;
}
