import type { Experiment } from '../core-api.js';
import type { InvokeFailureKind } from '../ports.js';
import type { PendingResults } from '../results/result-recorder.js';

/**
 * The control's answer as the Invoke API gave it, with the proxy's own timing. The runner turns
 * it into an observation (hashing, header normalising), so the client's path does not.
 */
export type ControlAnswer =
  | {
      readonly kind: 'returned';
      /** The response payload as UTF-8 text, as the control returned it. */
      readonly payload: string;
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

/** What the proxy hands the runner (asynchronous invoke payload) for one sampled request. */
export interface ShadowTask {
  readonly kind: 'shadow';
  readonly requestId: string;
  readonly receivedAt: number;
  readonly experiment: Experiment;
  /** Ids of the candidates sampled for this request. */
  readonly candidates: readonly string[];
  /** Sampled for the noise check: the control runs a second time, as a shadow. */
  readonly noise?: boolean;
  /** The control's event, unchanged; the runner adds the shadow mark per candidate. */
  readonly event: Record<string, unknown>;
  readonly control: ControlAnswer;
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
