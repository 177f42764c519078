import { durationRatio, type Observation } from '../core-api.js';
import { storedBucketOf } from './stored-histogram.js';

/** How one candidate fared against the control for one request. */
export type CandidateOutcome = 'match' | 'mismatch' | 'error' | 'timeout';

export interface CandidateRun {
  readonly observation: Observation;
  readonly outcome: CandidateOutcome;
  /** Human-readable differences, for mismatches. */
  readonly diff?: string;
}

export interface RequestSummary {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Everything the scientist learnt from one request: the unit the recorder stores. */
export interface RequestRecord {
  readonly experiment: string;
  readonly requestId: string;
  /** Epoch milliseconds when the proxy received the request. */
  readonly at: number;
  readonly request: RequestSummary;
  readonly control: Observation;
  readonly candidates: readonly CandidateRun[];
  readonly curl: string;
  readonly bodies: 'all' | 'none' | 'mismatches';
  /** Lower-case header names whose values are never stored (credentials). */
  readonly redactHeaders: readonly string[];
}

/** The key under which the control's aggregates are kept, beside the candidates' ids. */
export const CONTROL_KEY = '_control';

/**
 * Aggregate attribute names: `<variant>|<counter>`, `<variant>|<histogram>|<bucket>` and
 * `<variant>|<histogram>|sum` (the histogram's exact sum).
 */
export const COUNTERS = [
  'samples',
  'matches',
  'mismatches',
  'errors',
  'timeouts',
  'dropped',
  'skipped',
  'coldStarts',
  /** Sum of Lambda's billed milliseconds, for cost. */
  'billedMs',
  /** Requests the proxy handed to the runner (counted by the proxy, under the control). */
  'handedOff',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const HISTOGRAMS = ['client', 'duration', 'ratio', 'memory'] as const;
export type HistogramName = (typeof HISTOGRAMS)[number];

export function counterAttribute(variant: string, counter: Counter): string {
  return `${variant}|${counter}`;
}

function histogramAttribute(variant: string, histogram: HistogramName, bucket: string): string {
  return `${variant}|${histogram}|${bucket}`;
}

/** ISO minute, e.g. `2026-11-23T06:01`: sorts as time does. */
export function minuteOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16);
}

/** Adds one record's counts and histogram entries to `into` (attribute name → increment). */
export function addAggregates(record: RequestRecord, into: Map<string, number>): void {
  const bump = (name: string, by = 1) => into.set(name, (into.get(name) ?? 0) + by);
  const recordValue = (variant: string, histogram: HistogramName, value: number) => {
    bump(histogramAttribute(variant, histogram, storedBucketOf(value)));
    bump(histogramAttribute(variant, histogram, 'sum'), value);
  };
  const observe = (variant: string, observation: Observation) => {
    bump(counterAttribute(variant, 'samples'));
    if (observation.timedOut) bump(counterAttribute(variant, 'timeouts'));
    else if (observation.errored) bump(counterAttribute(variant, 'errors'));
    if (observation.coldStart) bump(counterAttribute(variant, 'coldStarts'));
    const { clientMs, functionMs } = observation.durations;
    if (!observation.error && clientMs !== undefined) {
      recordValue(variant, 'client', clientMs);
    }
    if (!observation.error && functionMs !== undefined) {
      recordValue(variant, 'duration', functionMs);
    }
    const { billedMs, maxMemoryUsedMb } = observation.durations;
    if (billedMs !== undefined) bump(counterAttribute(variant, 'billedMs'), billedMs);
    if (maxMemoryUsedMb !== undefined) recordValue(variant, 'memory', maxMemoryUsedMb);
  };
  observe(CONTROL_KEY, record.control);
  for (const run of record.candidates) {
    const variant = run.observation.variantId;
    observe(variant, run.observation);
    if (run.outcome === 'match') bump(counterAttribute(variant, 'matches'));
    if (run.outcome === 'mismatch') bump(counterAttribute(variant, 'mismatches'));
    const ratio = durationRatio(record.control, run.observation);
    if (ratio !== undefined) recordValue(variant, 'ratio', ratio);
  }
}
