import { randomUUID } from 'node:crypto';
import { ALWAYS_REDACTED_HEADERS, type Experiment, isSampled } from '../core-api.js';
import { ControlFailedError } from '../errors.js';
import { experimentFor } from '../experiment-routes.js';
import { observe } from '../observation.js';
import { type Clock, type InvokeOutcome, type Invoker, systemClock } from '../ports.js';
import type { RequestSummary } from '../results/request-record.js';
import type { RunnerTask, ShadowTask, SkippedTask } from '../runner/shadow-task.js';
import type { LoadedDefinitions } from './definition-cache.js';
import { curlFor, type GatewayRequest, missingRouteResponse, readGatewayRequest } from './gateway-request.js';

/** Asynchronous invokes take at most 1 MB; larger hand-offs are counted as skipped instead. */
const MAX_HAND_OFF_BYTES = 1024 * 1024;
/** Headers whose values are never stored or handed on for recording, whatever the experiment says. */
const SECRET_HEADERS = [...ALWAYS_REDACTED_HEADERS, 'x-api-key'];

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
   * Path before the stage in the scientist's public URL, for reproducing curls: none on AWS,
   * `/<service>` on the local cloud, which serves every service under its name.
   */
  readonly servicePathPrefix?: string;
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

    const payload = Buffer.from(JSON.stringify(request.event));
    const started = this.clock.monotonic();
    const outcome = await this.options.invoker.invoke({
      functionName: experiment.control.arn,
      payload,
      invocationType: 'RequestResponse',
      logTail: true,
    });
    const clientMs = this.clock.monotonic() - started;
    const requestId = requestIdOf(request) ?? this.newRequestId();

    // Whatever goes wrong while shadowing is the scientist's problem, never the client's.
    try {
      await this.shadow(experiment, request, outcome, { requestId, receivedAt, clientMs });
    } catch (error) {
      this.options.onIncident?.({
        experiment: experiment.id,
        requestId,
        problem: 'hand-off-failed',
        message: (error as Error).message,
      });
    }

    if (outcome.kind === 'returned' && !outcome.functionError) {
      return JSON.parse(Buffer.from(outcome.payload).toString('utf8'));
    }
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
    request: GatewayRequest,
    outcome: InvokeOutcome,
    at: { requestId: string; receivedAt: number; clientMs: number },
  ): Promise<void> {
    if (!experiment.enabled) return;
    const sampled = experiment.candidates
      .filter((candidate) => candidate.enabled)
      .filter((candidate) =>
        isSampled(candidate.samplePercent, {
          salt: experiment.salt,
          decision: candidate.id,
          key: at.requestId,
        }),
      )
      .map((candidate) => candidate.id);
    if (sampled.length === 0) return;
    await this.handOff({
      kind: 'shadow',
      requestId: at.requestId,
      receivedAt: at.receivedAt,
      experiment,
      candidates: sampled,
      event: request.event as Record<string, unknown>,
      control: observe(experiment.control.id, outcome, at.clientMs),
      request: summaryOf(request, experiment.record.redactHeaders),
      curl: curlFor(request, baseUrlOf(request, this.options.servicePathPrefix ?? '')),
    });
  }

  private async handOff(task: ShadowTask): Promise<void> {
    let body = JSON.stringify(task satisfies RunnerTask);
    if (Buffer.byteLength(body) > MAX_HAND_OFF_BYTES) {
      const skipped: SkippedTask = {
        kind: 'skipped',
        requestId: task.requestId,
        receivedAt: task.receivedAt,
        experiment: task.experiment.id,
        reason: `request and control answer are ${Buffer.byteLength(body)} bytes, above the 1 MB asynchronous invoke limit`,
      };
      this.options.onIncident?.({
        experiment: task.experiment.id,
        requestId: task.requestId,
        problem: 'hand-off-skipped',
        message: skipped.reason,
      });
      body = JSON.stringify(skipped satisfies RunnerTask);
    }
    const outcome = await this.options.invoker.invoke({
      functionName: this.options.runnerFunction,
      payload: Buffer.from(body),
      invocationType: 'Event',
      timeoutMs: this.handOffTimeoutMs,
    });
    if (outcome.kind === 'failed') {
      this.options.onIncident?.({
        experiment: task.experiment.id,
        requestId: task.requestId,
        problem: 'hand-off-failed',
        message: `${outcome.failure}: ${outcome.message}`,
      });
    }
  }
}

function requestIdOf(request: GatewayRequest): string | undefined {
  const context = request.event.requestContext as { requestId?: unknown } | undefined;
  return typeof context?.requestId === 'string' && context.requestId !== '' ? context.requestId : undefined;
}

function summaryOf(request: GatewayRequest, redact: readonly string[]): RequestSummary {
  const hidden = new Set([...SECRET_HEADERS, ...redact.map((name) => name.toLowerCase())]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = hidden.has(name) ? '(redacted)' : value;
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

/** The scientist's own base URL as the client called it (for a curl that reproduces a request). */
function baseUrlOf(request: GatewayRequest, servicePathPrefix: string): string {
  const host = request.headers.host ?? 'localhost';
  const proto =
    request.headers['x-forwarded-proto'] ?? (/^(127\.|localhost|\[::1\])/.test(host) ? 'http' : 'https');
  const context = request.event.requestContext as { path?: unknown } | undefined;
  const fullPath = typeof context?.path === 'string' ? context.path : '';
  const ownPath = `/${request.path}`;
  const prefix = fullPath.endsWith(ownPath) ? fullPath.slice(0, fullPath.length - ownPath.length) : '';
  return `${proto}://${host}${servicePathPrefix}${prefix}`;
}
