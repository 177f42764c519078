import {
  type CandidateOutcomeKind,
  candidateOutcome,
  durationRatio,
  type Observation,
  ownCpuRatio,
  pairConditions,
} from '@serverless-scientist/core';
import { storedBucketOf } from './stored-histogram.js';

export interface CandidateRun {
  readonly observation: Observation;
  /** How it fared against the control: the core's outcome, by its word. */
  readonly outcome: CandidateOutcomeKind;
  /** Human-readable differences, for mismatches. */
  readonly diff?: string;
  /** The fields that differ, for mismatches (see the core's noise check). */
  readonly fields?: readonly string[];
  /** Where it differed, one key per place (`body /price`, `header content-type`), for grouping. */
  readonly mismatchKeys?: readonly string[];
}

/** Who answered the client when a candidate was chosen to serve the request. */
export interface ServingNote {
  /** The candidate chosen to serve the request. */
  readonly candidate: string;
  /** It failed (error, timeout, throttled, too large): the client got the control's answer. */
  readonly fellBack: boolean;
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
  /** The control's second run, when sampled for the noise check; compared with the control. */
  readonly noise?: CandidateRun;
  /** Set when a candidate was chosen to serve the request: who answered the client. */
  readonly served?: ServingNote;
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
  /** Paired samples whose CPU waiting both sides reported (the local cloud's REPORT additions). */
  'measured',
  /** …of which either side waited for a CPU the host gave to other work. */
  'contended',
  /** Paired samples where either side ran without its CPU quota. */
  'unthrottled',
  /** Paired samples where control and candidate ran with different memory sizes. */
  'memoryDiffers',
  /** Sum of Billed Duration × Memory Size (MB-ms): GB-seconds exactly, whatever the size per call. */
  'billedMbMs',
  /** Sum of the configured Memory Size (MB) of each reported invocation: its mean is the size. */
  'memorySizeMb',
  /** Requests the proxy handed to the runner (counted by the proxy, under the control). */
  'handedOff',
  /** Requests whose client got this candidate's answer instead of the control's. */
  'served',
  /** Requests this candidate was chosen to serve but failed: the client got the control's answer. */
  'fallbacks',
] as const;
export type Counter = (typeof COUNTERS)[number];
/**
 * `coldClient` holds the client-side latency of cold starts alone, so warm ones can be told apart;
 * `fairRatio`: per measured pair, the ratio of own-CPU durations (the host's contention taken out).
 */
export const HISTOGRAMS = ['client', 'duration', 'ratio', 'memory', 'coldClient', 'fairRatio'] as const;
export type HistogramName = (typeof HISTOGRAMS)[number];
/**
 * Counts by name, stored like histogram buckets: `fields` (the noise check's differing fields,
 * one count each) and `mismatchFields` (a candidate's mismatches by the set of fields they differ in).
 */
export const TALLIES = ['fields', 'mismatchFields'] as const;
export type TallyName = (typeof TALLIES)[number];

/** A field name as an attribute part: `|` separates the parts. */
export function tallyKey(fields: readonly string[]): string {
  return fields.map((field) => encodeURIComponent(field)).join(',');
}

export function fieldsOfTallyKey(key: string): readonly string[] {
  return key === '' ? [] : key.split(',').map((field) => decodeURIComponent(field));
}

export function counterAttribute(variant: string, counter: Counter): string {
  return `${variant}|${counter}`;
}

/** Mismatch counts per place: `<variant>|mismatchAt|<key>`. */
export const MISMATCH_GROUP_METRIC = 'mismatchAt';

function histogramAttribute(variant: string, histogram: HistogramName | TallyName, bucket: string): string {
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
      if (observation.coldStart) recordValue(variant, 'coldClient', clientMs);
    }
    if (!observation.error && functionMs !== undefined) {
      recordValue(variant, 'duration', functionMs);
    }
    const { billedMs, maxMemoryUsedMb, memorySizeMb } = observation.durations;
    if (billedMs !== undefined) bump(counterAttribute(variant, 'billedMs'), billedMs);
    if (billedMs !== undefined && memorySizeMb !== undefined) {
      bump(counterAttribute(variant, 'billedMbMs'), billedMs * memorySizeMb);
      bump(counterAttribute(variant, 'memorySizeMb'), memorySizeMb);
    }
    if (maxMemoryUsedMb !== undefined) recordValue(variant, 'memory', maxMemoryUsedMb);
  };
  observe(CONTROL_KEY, record.control);
  if (record.served) addServing(record.served, bump);
  for (const run of record.noise ? [...record.candidates, record.noise] : record.candidates) {
    const variant = run.observation.variantId;
    observe(variant, run.observation);
    const outcome = candidateOutcome(run.outcome);
    if (outcome.matched) bump(counterAttribute(variant, 'matches'));
    if (outcome.mismatched) {
      bump(counterAttribute(variant, 'mismatches'));
      for (const key of run.mismatchKeys ?? []) bump(`${variant}|${MISMATCH_GROUP_METRIC}|${key}`);
      if (run.fields && run === record.noise)
        for (const field of run.fields) bump(histogramAttribute(variant, 'fields', tallyKey([field])));
      else if (run.fields) bump(histogramAttribute(variant, 'mismatchFields', tallyKey(run.fields)));
    }
    const ratio = durationRatio(record.control, run.observation);
    if (ratio === undefined) continue;
    recordValue(variant, 'ratio', ratio);
    const conditions = pairConditions(record.control, run.observation);
    if (conditions.unthrottled) bump(counterAttribute(variant, 'unthrottled'));
    if (record.control.durations.memorySizeMb !== run.observation.durations.memorySizeMb)
      bump(counterAttribute(variant, 'memoryDiffers'));
    if (!conditions.measured) continue;
    bump(counterAttribute(variant, 'measured'));
    if (conditions.contended) bump(counterAttribute(variant, 'contended'));
    const fair = ownCpuRatio(record.control, run.observation);
    if (fair !== undefined) recordValue(variant, 'fairRatio', fair);
  }
}

/** Counts who answered the client of a request a candidate was chosen to serve. */
export function addServing(served: ServingNote, bump: (name: string) => void): void {
  bump(counterAttribute(served.candidate, served.fellBack ? 'fallbacks' : 'served'));
}
