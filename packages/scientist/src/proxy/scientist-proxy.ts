import { randomUUID } from 'node:crypto';
import {
  type Candidate,
  chooseServer,
  type Experiment,
  experimentFor,
  isSampled,
  measuresNoise,
  NOISE_ID,
  type RequestFacts,
  requestKeyOf,
} from '@serverless-scientist/core';
import { type GatewayEvent, readGatewayRequest, requestFactsOf } from '../api-gateway-event.js';
import { type Clock, systemClock } from '../clock.js';
import { ControlFailedError } from '../errors.js';
import type { Invoker } from '../function-invoker.js';
import {
  answerOf,
  type FunctionAnswer,
  MAX_HAND_OFF_BYTES,
  runnerTaskPayload,
  type ServedAnswer,
  shadowTaskPayload,
} from '../hand-off.js';
import { type IncidentReporter, Incidents } from '../incidents.js';
import type { LoadedDefinitions } from './definition-cache.js';
import { missingRouteResponse } from './missing-route.js';
import { servedResponseOf } from './served-response.js';

export interface ProxyOptions {
  readonly definitions: { current(): Promise<LoadedDefinitions> };
  readonly invoker: Invoker;
  /** Name or ARN of the runner function, invoked asynchronously. */
  readonly runnerFunction: string;
  readonly clock?: Clock;
  /** Bounds the hand-off to the runner; the client has its answer ready and must not wait long. */
  readonly handOffTimeoutMs?: number;
  /** Reports what went wrong while shadowing, off the client's path: never thrown to the client. */
  readonly onIncident?: IncidentReporter;
  readonly newRequestId?: () => string;
  /**
   * Counts every request the runner accepted (`ResultRecorder.countHandedOff`), so that results
   * can say how many a runner lost; written at most every `flushEveryMs`, alongside a control
   * invoke, never on its own on the client's path.
   */
  readonly handOffs?: HandOffCounter;
  readonly flushEveryMs?: number;
  /**
   * With an {@link AfterAnswer}, counts are written after a held hand-off once this long has
   * passed since the last write, and by a timer while no request is in progress: never on the
   * client's path (decision 11). Default 1 s.
   */
  readonly heldFlushEveryMs?: number;
  /**
   * Where the hand-off may finish after the answer (an internal Lambda extension keeps the
   * environment until held work settles): while it is active the proxy answers first and holds
   * the hand-off; without it, or once it is not active, the hand-off is awaited before the answer.
   */
  readonly afterAnswer?: AfterAnswer;
}

/** Keeps the execution environment for work that finishes after the handler has answered. */
export interface AfterAnswer {
  readonly active: boolean;
  /** `work` must not reject. */
  hold(work: Promise<unknown>): void;
}

export interface HandOffCounter {
  countHandedOff(experiment: string, at: number): void;
  readonly hasPending: boolean;
  /** Resolves with what could not be written (the recorder keeps it for the next flush). */
  flush(): Promise<{ readonly error?: Error }>;
}

/**
 * The scientist proxy: sends the request to the control, unchanged, and answers with the
 * control's response, unchanged; hands request and control observation to the runner, after the
 * answer where an {@link AfterAnswer} allows it, else before.
 * When the experiment's `serve` chooses a candidate for the request, the candidate answers
 * instead, unless it fails: then the control answers, as if the candidate had not been asked.
 * When the control fails, the proxy fails the same way (ControlFailedError), so API Gateway
 * answers the client exactly as it would have without the scientist.
 */
export class ScientistProxy {
  private readonly clock: Clock;
  private readonly handOffTimeoutMs: number;
  private readonly newRequestId: () => string;
  private readonly incidents: Incidents;
  private lastFlush = Number.NEGATIVE_INFINITY;
  /** Requests being handled: a timer's write waits for a moment with none. */
  private handling = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ProxyOptions) {
    this.clock = options.clock ?? systemClock;
    this.handOffTimeoutMs = options.handOffTimeoutMs ?? 1000;
    this.newRequestId = options.newRequestId ?? randomUUID;
    this.incidents = new Incidents(options.onIncident);
  }

  async handle(event: unknown): Promise<unknown> {
    this.handling++;
    try {
      return await this.answer(event);
    } finally {
      this.handling--;
    }
  }

  /** Writes the pending hand-off counts now: for the environment's shutdown. */
  async drain(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushHandOffs(this.clock.monotonic(), 0);
  }

  private async answer(event: unknown): Promise<unknown> {
    const receivedAt = this.clock.now();
    const request = readGatewayRequest(event);
    const { experiments } = await this.options.definitions.current();
    const experiment = experimentFor(experiments, request.path, request.method);
    if (!experiment) return missingRouteResponse(request.format);

    // Serialised once: the payload of whoever serves, and again verbatim inside the runner's hand-off.
    const eventJson = JSON.stringify(request.event);
    const requestId = requestIdOf(request) ?? this.newRequestId();
    // Read only for an experiment that serves or samples by key: the rest keep their cost.
    const facts =
      experiment.serve.length > 0 || experiment.keyedSampling ? requestFactsOf(request) : undefined;
    const key = facts && requestKeyOf(experiment.key, facts);
    const server = facts && serverOf(experiment, facts, key);
    const counted = this.flushHandOffs(this.clock.monotonic(), this.options.flushEveryMs ?? 5000);
    const served = server ? await this.serve(experiment, server, eventJson, requestId) : undefined;
    // Decided before the control runs: its log tail (its REPORT figures) is asked for only when the
    // runner will compare them, so a request handed to nobody costs no more than the invoke.
    const plan = shadowPlanOf(experiment, served, { requestId, method: request.method, key });
    // The control answers unless a candidate did; after a candidate's failure, it answers then.
    const control =
      served && !served.fellBack
        ? undefined
        : await this.call(experiment.control.arn, eventJson, { logTail: plan !== undefined });
    await counted;

    // Whatever goes wrong while shadowing is the scientist's problem, never the client's.
    const handOff = plan
      ? this.shadow(
          experiment,
          plan,
          eventJson,
          { ...(control ? { control } : {}), ...(served ? { served } : {}) },
          { requestId, receivedAt },
        ).catch((error: unknown) => {
          this.incidents.raised('hand-off-failed', error, {
            context: { experiment: experiment.id, requestId },
          });
        })
      : Promise.resolve();
    // The client's answer goes first where the environment outlives the handler for it; else the
    // hand-off is awaited, so that none is lost to a frozen environment.
    // Held, the environment outlives the answer anyway: its hand-off counts are written then, when
    // due, else by a timer; an environment that shuts down first writes them on SIGTERM (drain).
    const afterAnswer = this.options.afterAnswer;
    if (afterAnswer?.active) afterAnswer.hold(handOff.then(() => this.flushHeldHandOffs()));
    else await handOff;

    if (served && !served.fellBack) return served.response;
    if (control?.kind === 'returned' && !control.functionError) return JSON.parse(control.payload);
    const reason =
      control?.kind === 'failed'
        ? `${control.failure}: ${control.message}`
        : `function error (${control?.functionError})`;
    throw new ControlFailedError(
      `control ${experiment.control.functionName} of experiment ${experiment.id} failed: ${reason}`,
      experiment.id,
    );
  }

  private async call(
    functionName: string,
    eventJson: string,
    options: { logTail: boolean; timeoutMs?: number },
  ): Promise<FunctionAnswer> {
    const started = this.clock.monotonic();
    const outcome = await this.options.invoker.invoke({
      functionName,
      payload: Buffer.from(eventJson),
      invocationType: 'RequestResponse',
      logTail: options.logTail,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return answerOf(outcome, this.clock.monotonic() - started);
  }

  /**
   * Asks the chosen candidate, within its own timeout, for the client's answer. Whatever keeps
   * that answer from reaching the client whole is a fallback: the control answers instead.
   */
  private async serve(
    experiment: Experiment,
    candidate: Candidate,
    eventJson: string,
    requestId: string,
  ): Promise<ServedAnswer & { readonly response?: unknown }> {
    const answer = await this.call(candidate.arn, eventJson, {
      logTail: true,
      timeoutMs: candidate.timeoutMs,
    });
    const verdict = servedResponseOf(answer);
    if ('response' in verdict)
      return { candidate: candidate.id, fellBack: false, answer, response: verdict.response };
    this.incidents.raised('served-candidate-failed', verdict.failure, {
      context: { experiment: experiment.id, candidate: candidate.id, requestId },
    });
    return { candidate: candidate.id, fellBack: true, answer: verdict.recorded };
  }

  private async shadow(
    experiment: Experiment,
    { sampled, noise }: ShadowPlan,
    eventJson: string,
    answers: { control?: FunctionAnswer; served?: ServedAnswer },
    at: { requestId: string; receivedAt: number },
  ): Promise<void> {
    const { served } = answers;
    const where = { experiment: experiment.id, requestId: at.requestId };
    let payload = shadowTaskPayload(
      {
        requestId: at.requestId,
        receivedAt: at.receivedAt,
        candidates: sampled,
        ...(noise ? { noise } : {}),
        ...(answers.control ? { control: answers.control } : {}),
        ...(served
          ? { served: { candidate: served.candidate, fellBack: served.fellBack, answer: served.answer } }
          : {}),
      },
      { experiment: experimentJson(experiment), event: eventJson },
    );
    if (payload.length > MAX_HAND_OFF_BYTES / 3 && Buffer.byteLength(payload) > MAX_HAND_OFF_BYTES) {
      const reason = `request and ${served && !served.fellBack ? 'served' : 'control'} answer are ${Buffer.byteLength(payload)} bytes, above the 1 MB asynchronous invoke limit`;
      this.incidents.raised('hand-off-skipped', reason, { context: where });
      payload = runnerTaskPayload({
        kind: 'skipped',
        requestId: at.requestId,
        receivedAt: at.receivedAt,
        experiment: experiment.id,
        reason,
        ...(served ? { served: { candidate: served.candidate, fellBack: served.fellBack } } : {}),
      });
    }
    const outcome = await this.options.invoker.invoke({
      functionName: this.options.runnerFunction,
      payload: Buffer.from(payload),
      invocationType: 'Event',
      timeoutMs: this.handOffTimeoutMs,
    });
    if (outcome.kind === 'failed') {
      this.incidents.raised('hand-off-failed', `${outcome.failure}: ${outcome.message}`, { context: where });
    } else {
      this.options.handOffs?.countHandedOff(experiment.id, at.receivedAt);
    }
  }

  /** After a held hand-off: writes the counts when due, else leaves them to a timer. */
  private async flushHeldHandOffs(): Promise<void> {
    const every = this.options.heldFlushEveryMs ?? 1000;
    await this.flushHandOffs(this.clock.monotonic(), every);
    if (!this.options.handOffs?.hasPending || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      // A request in progress writes them after its own hand-off instead.
      if (this.handling === 0) void this.flushHeldHandOffs();
    }, every);
    // Unref'd: pending counts never keep a process alive that is otherwise done.
    this.flushTimer.unref();
  }

  /**
   * Writes the hand-off counts when `everyMs` has passed since the last write (alongside the
   * control's invoke, or after a held hand-off); a failure keeps them pending. Writes never
   * overlap: two at once would add the same counts twice.
   */
  private async flushHandOffs(now: number, everyMs: number): Promise<void> {
    const handOffs = this.options.handOffs;
    if (!handOffs?.hasPending) return;
    if (now - this.lastFlush < everyMs) return;
    this.lastFlush = now;
    const write = this.flushing.then(async () => {
      // The recorder keeps what it could not write for the next flush, and says why.
      let error: unknown;
      try {
        error = (await handOffs.flush()).error;
      } catch (thrown) {
        error = thrown;
      }
      if (error) this.incidents.raised('hand-off-counts-not-stored', error);
    });
    this.flushing = write;
    await write;
  }
}

/** The candidate that serves this request, if any: only enabled ones, in the file's order. */
function serverOf(
  experiment: Experiment,
  facts: RequestFacts,
  key: string | undefined,
): Candidate | undefined {
  if (!experiment.enabled || experiment.serve.length === 0) return undefined;
  const enabled = experiment.serve.filter(
    (plan) => experiment.candidates.find((candidate) => candidate.id === plan.candidateId)?.enabled,
  );
  const decision = chooseServer(enabled, facts, { salt: experiment.salt, key });
  return decision && experiment.candidates.find((candidate) => candidate.id === decision.candidateId);
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

function requestIdOf(request: GatewayEvent): string | undefined {
  const context = request.event.requestContext as { requestId?: unknown } | undefined;
  return typeof context?.requestId === 'string' && context.requestId !== '' ? context.requestId : undefined;
}

/** What a request is handed to the runner for: the candidates sampled, and the control's noise run. */
interface ShadowPlan {
  readonly sampled: readonly string[];
  readonly noise: boolean;
}

/** The request's shadow work, or undefined when it is handed to nobody. */
function shadowPlanOf(
  experiment: Experiment,
  served: ServedAnswer | undefined,
  at: { requestId: string; method: string; key: string | undefined },
): ShadowPlan | undefined {
  if (!experiment.enabled) return undefined;
  // Sticky per user when the file names a key: a user sees the same candidates every time.
  const sampleKey = experiment.keyedSampling && at.key !== undefined ? at.key : at.requestId;
  const sampled: string[] = [];
  for (const candidate of experiment.candidates) {
    if (
      candidate.enabled &&
      candidate.id !== served?.candidate &&
      isSampled(candidate.samplePercent, { salt: experiment.salt, decision: candidate.id, key: sampleKey })
    )
      sampled.push(candidate.id);
  }
  // Only methods declared safe to repeat run the control twice; its own sampling decision.
  const noise =
    measuresNoise(experiment, at.method) &&
    isSampled(experiment.noise?.percent ?? 0, { salt: experiment.salt, decision: NOISE_ID, key: sampleKey });
  // A served request is always handed off: its comparison is the evidence serving rests on.
  if (sampled.length === 0 && !noise && !served) return undefined;
  return { sampled, noise };
}
