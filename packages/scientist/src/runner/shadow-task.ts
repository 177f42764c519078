import type { Experiment, Observation } from '../core-api.js';
import type { RequestSummary } from '../results/request-record.js';
import type { PendingResults } from '../results/result-recorder.js';

/** What the proxy hands the runner (asynchronous invoke payload) for one sampled request. */
export interface ShadowTask {
  readonly kind: 'shadow';
  readonly requestId: string;
  readonly receivedAt: number;
  readonly experiment: Experiment;
  /** Ids of the candidates sampled for this request. */
  readonly candidates: readonly string[];
  /** The control's event, unchanged; the runner adds the shadow mark per candidate. */
  readonly event: Record<string, unknown>;
  readonly control: Observation;
  readonly request: RequestSummary;
  readonly curl: string;
}

/** A request the proxy could not hand over whole, counted so that gaps in the results have a reason. */
export interface SkippedTask {
  readonly kind: 'skipped';
  readonly requestId: string;
  readonly receivedAt: number;
  readonly experiment: string;
  readonly reason: string;
}

/**
 * Results a runner could not store before its invocation had to end, handed to a later
 * invocation of the runner (the asynchronous invoke queue keeps them meanwhile).
 */
export interface StoreRetryTask {
  readonly kind: 'store-retry';
  /** How many invocations have tried so far. */
  readonly attempt: number;
  /** Epoch milliseconds of the first failure. */
  readonly since: number;
  readonly pending: PendingResults;
}

export type RunnerTask = ShadowTask | SkippedTask | StoreRetryTask;
