import { timingSafeEqual } from 'node:crypto';
import type { Experiment } from '@serverless-scientist/core';
import { readGatewayRequest } from '../api-gateway-event.js';
import { InvalidRequestError, RolloutError } from '../errors.js';
import type { LoadedDefinitions } from '../proxy/definition-cache.js';
import type { ResultsQuery, WindowRequest } from '../results/results-query.js';
import type { RolloutStatus } from '../rollout/rollout-status.js';

export const API_PREFIX = '_scientist/api';

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** A published definitions version, as `definitions` lists it: a marker on the time series. */
export interface DefinitionVersion {
  readonly version: number;
  /** ISO 8601. */
  readonly uploadedAt?: string;
  /** `upload` or `promote <experiment> <candidate>`. */
  readonly origin: string;
}

export interface DataApiOptions {
  readonly definitions: { current(): Promise<LoadedDefinitions> };
  readonly results: ResultsQuery;
  /** The bearer token every caller must send; when undefined, see `openWithoutToken`. */
  readonly token: () => Promise<string | undefined>;
  /**
   * Answer without a token when none is configured. Only the deployment may say so (the local
   * cloud, when nothing beyond this machine can reach its gateway): the event's `sourceIp` is a
   * field whoever invokes the function writes, so it decides nothing.
   */
  readonly openWithoutToken?: boolean;
  readonly history?: () => Promise<DefinitionVersion[]>;
  /** An experiment's rollout (`scientist rollout status --json`); throws RolloutError where it has none. */
  readonly rollout?: (experimentId: string) => Promise<RolloutStatus>;
}

function json(statusCode: number, value: unknown): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a caller is refused, or undefined when its bearer token is the right one. */
function refusalOf(expected: string | undefined, authorization: string | undefined): string | undefined {
  if (!expected)
    return 'the data API has no token configured, so it answers only a local cloud listening on loopback; start the local cloud with `scientist up --host <address>` to get one';
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!given)
    return 'the data API needs Authorization: Bearer <token> (`scientist up --host` prints the token and saves it in .scientist/api-token)';
  return sameToken(given, expected) ? undefined : "the bearer token is not this scientist's data API token";
}

/**
 * The scientist's data API (JSON, GET only) under `/_scientist/api/`:
 * `experiments`, `results`, `definitions`, and per experiment `experiments/<id>` (summary),
 * `…/mismatches`, `…/mismatch-groups`, `…/series`, `…/distributions` and `…/rollout`; `?minutes=` or
 * `?since=&until=` sets the window. Callers need `Authorization: Bearer <token>` unless the
 * deployment is reachable from this machine only.
 */
export class DataApi {
  constructor(private readonly options: DataApiOptions) {}

  async handle(event: unknown): Promise<ApiResponse> {
    try {
      return await this.answer(event);
    } catch (error) {
      if (error instanceof InvalidRequestError) return json(400, { message: error.message });
      if (error instanceof RolloutError) return json(404, { message: error.message });
      throw error;
    }
  }

  private async answer(event: unknown): Promise<ApiResponse> {
    const request = readGatewayRequest(event);
    const expected = await this.options.token();
    if (expected !== undefined || !this.options.openWithoutToken) {
      const refusal = refusalOf(expected, request.headers.authorization);
      if (refusal) return json(401, { message: refusal });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return json(405, { message: `${request.method} is not allowed; the data API is read-only` });
    }
    const route = request.path.startsWith(API_PREFIX) ? request.path.slice(API_PREFIX.length) : request.path;
    let segments: string[];
    try {
      segments = route.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return json(400, { message: `the path /${request.path} has a malformed % escape` });
    }
    const params = new URLSearchParams(request.query);
    const minutes = params.has('minutes') ? Number(params.get('minutes')) : undefined;
    if (minutes !== undefined && !(minutes > 0))
      return json(400, { message: 'minutes must be a positive number' });
    const window: WindowRequest = {
      ...(minutes === undefined ? {} : { minutes }),
      ...(params.get('since') ? { since: params.get('since')! } : {}),
      ...(params.get('until') ? { until: params.get('until')! } : {}),
    };
    // Resolved once, so a bad window is a 400 on every route and all parts of an answer agree.
    this.options.results.window(window);
    const { version, experiments } = await this.options.definitions.current();

    const [first, id, detail, ...rest] = segments;
    if (first === 'experiments' && id === undefined) {
      return json(200, { version, experiments: experiments.map(describe) });
    }
    if (first === 'results' && id === undefined) {
      return json(200, await this.options.results.results(experiments, window));
    }
    if (first === 'definitions' && id === undefined && this.options.history) {
      return json(200, { versions: await this.options.history() });
    }
    if (first === 'experiments' && id !== undefined && rest.length === 0) {
      const experiment = experiments.find((candidate) => candidate.id === id);
      if (!experiment)
        return json(404, {
          message: `no experiment '${id}'; known: ${experiments.map((e) => e.id).join(', ')}`,
        });
      if (detail === undefined) return json(200, await this.options.results.summary(experiment, window));
      if (detail === 'mismatches') {
        const limit = params.has('limit') ? Number(params.get('limit')) : 20;
        return json(200, { mismatches: await this.options.results.mismatches(experiment, limit) });
      }
      if (detail === 'series')
        return json(200, {
          window: this.options.results.window(window),
          series: await this.options.results.series(experiment, window),
        });
      if (detail === 'distributions')
        return json(200, {
          window: this.options.results.window(window),
          variants: await this.options.results.distributions(experiment, window),
        });
      if (detail === 'rollout' && this.options.rollout)
        return json(200, await this.options.rollout(experiment.id));
      if (detail === 'mismatch-groups')
        return json(200, {
          window: this.options.results.window(window),
          groups: await this.options.results.mismatchGroups(experiment, window),
        });
    }
    return json(404, { message: `no such data API route: /${API_PREFIX}/${segments.join('/')}` });
  }
}

function describe(experiment: Experiment) {
  return {
    id: experiment.id,
    name: experiment.name ?? experiment.id,
    path: experiment.path,
    methods: experiment.methods,
    enabled: experiment.enabled,
    control: {
      id: experiment.control.id,
      name: experiment.control.name,
      functionName: experiment.control.functionName,
    },
    candidates: experiment.candidates.map((candidate) => ({
      id: candidate.id,
      name: candidate.name,
      functionName: candidate.functionName,
      samplePercent: candidate.samplePercent,
      timeoutMs: candidate.timeoutMs,
      enabled: candidate.enabled,
    })),
  };
}
