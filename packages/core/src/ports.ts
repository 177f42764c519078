import type { ComparisonResult } from './comparison-result.js';
import type { ExperimentDefinitions } from './experiment.js';
import type { SerializedHistogram } from './latency-histogram.js';
import type { Observation } from './observation.js';

/**
 * The small interfaces through which the core meets the world. The core never reads the clock,
 * draws random numbers, invokes functions or stores anything itself; the service passes these in
 * (and tests pass in-memory ones).
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

export interface InvokeOptions {
  /** Give up (and observe a `timeout`) after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Recorded as the observation's variant; defaults to the ARN. */
  readonly variantId?: string;
}

/**
 * Invokes one function once (no retries: a retried candidate would be counted twice) and describes
 * what happened. Never rejects for the function's own failures: those are observations with an
 * error kind (`error`, `timeout`, `throttled`, `payload-too-large`).
 */
export interface Invoker {
  invoke(functionArn: string, event: unknown, options: InvokeOptions): Promise<Observation>;
}

/** One compared request, as stored for the diff view. Bodies and redacted headers are left out as the experiment's `record` says. */
export interface ResultRecord {
  readonly experimentId: string;
  readonly candidateId: string;
  readonly requestId: string;
  /** From the injected {@link Clock}. */
  readonly at: number;
  readonly control: Observation;
  readonly candidate: Observation;
  readonly comparison: ComparisonResult;
}

/** Counts to add to one experiment–candidate aggregate for one time bucket. All fields are increments. */
export interface AggregateDelta {
  readonly experimentId: string;
  readonly candidateId: string;
  /** Start of the time bucket, ms since the epoch. */
  readonly bucketStart: number;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Requests not compared (skipped, e.g. payload too large for the runner). */
  readonly dropped: number;
  readonly coldStarts: number;
  readonly controlLatencyMs: SerializedHistogram;
  readonly candidateLatencyMs: SerializedHistogram;
  /** Per-request candidate ÷ control duration ratios, for the paired verdict. */
  readonly durationRatios: SerializedHistogram;
}

/** Where results, aggregates and the published experiment definitions live. */
export interface ResultsStore {
  saveResults(results: readonly ResultRecord[]): Promise<void>;
  /** Adds to existing counters (never overwrites), so concurrent writers merge. */
  addAggregates(deltas: readonly AggregateDelta[]): Promise<void>;
  /** The definitions last published; undefined when none have been. */
  loadDefinitions(): Promise<ExperimentDefinitions | undefined>;
}
