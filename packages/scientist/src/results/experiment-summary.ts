import type { AggregateRow } from '../aws/dynamodb-store.js';
import {
  type Experiment,
  type Interval,
  type LatencyHistogram,
  pairedVerdict,
  type Verdict,
  wilsonInterval,
} from '../core-api.js';
import {
  CONTROL_KEY,
  COUNTERS,
  type Counter,
  counterAttribute,
  HISTOGRAMS,
  type HistogramName,
  minuteOf,
} from './request-record.js';
import { histogramFromStored } from './stored-histogram.js';

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface ControlSummary {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly skipped: number;
  readonly dropped: number;
  /** Requests the proxy handed to the runner. */
  readonly handedOff: number;
  /**
   * Handed off, neither recorded nor skipped, in minutes that ended more than
   * {@link SETTLE_MINUTES} ago: a runner lost them (crashed, killed, timed out).
   */
  readonly lost: number;
  /** The same in the last minutes: still running, or lost; `lost` once they settle. */
  readonly inFlight: number;
  readonly coldStarts: number;
  /** Client-side: measured by the scientist around each invoke. */
  readonly latencyMs: Percentiles;
  /** Function-side: Lambda's REPORT line. */
  readonly durationMs: Percentiles;
  /** Mean billed duration per invocation (REPORT line), null without data. */
  readonly meanBilledMs: number | null;
  /** Max Memory Used per invocation (REPORT line). */
  readonly maxMemoryUsedMb: Percentiles;
}

export interface CandidateSummary {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly dropped: number;
  readonly coldStarts: number;
  /** matches ÷ (matches + mismatches); null before the first comparison. */
  readonly matchRate: number | null;
  readonly matchRateInterval: { readonly low: number; readonly high: number } | null;
  readonly latencyMs: Percentiles;
  readonly durationMs: Percentiles;
  readonly meanBilledMs: number | null;
  readonly maxMemoryUsedMb: Percentiles;
  readonly verdict: Verdict;
}

export interface ExperimentSummary {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly control: ControlSummary;
  readonly candidates: readonly CandidateSummary[];
}

/** One variant's merged aggregates over the window. */
export interface VariantTotals {
  readonly counters: Record<Counter, number>;
  readonly histograms: Record<HistogramName, LatencyHistogram>;
}

interface RawTotals {
  readonly counters: Map<string, number>;
  readonly buckets: Map<string, Map<string, number>>;
}

function totalsOf(raw: RawTotals | undefined): VariantTotals {
  const counters = Object.fromEntries(COUNTERS.map((name) => [name, raw?.counters.get(name) ?? 0]));
  const histograms = Object.fromEntries(
    HISTOGRAMS.map((name) => {
      const buckets = new Map(raw?.buckets.get(name) ?? []);
      const sum = buckets.get('sum') ?? 0;
      buckets.delete('sum');
      return [name, histogramFromStored(buckets, sum)];
    }),
  );
  return {
    counters: counters as Record<Counter, number>,
    histograms: histograms as Record<HistogramName, LatencyHistogram>,
  };
}

/** Merges aggregate rows (each one minute of one experiment) and returns a variant's totals. */
export function mergeRows(rows: readonly AggregateRow[]): (variant: string) => VariantTotals {
  const raw = new Map<string, RawTotals>();
  for (const row of rows) {
    for (const [name, value] of row.values) {
      const [variant, metric, bucket] = name.split('|') as [string, string, string | undefined];
      let entry = raw.get(variant);
      if (!entry) {
        entry = { counters: new Map(), buckets: new Map() };
        raw.set(variant, entry);
      }
      if (bucket === undefined) {
        entry.counters.set(metric, (entry.counters.get(metric) ?? 0) + value);
        continue;
      }
      let buckets = entry.buckets.get(metric);
      if (!buckets) {
        buckets = new Map();
        entry.buckets.set(metric, buckets);
      }
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + value);
    }
  }
  return (variant) => totalsOf(raw.get(variant));
}

function percentiles(histogram: LatencyHistogram | undefined): Percentiles {
  const at = (q: number) => {
    const value = histogram?.percentile(q);
    return value === undefined ? null : Math.round(value * 1000) / 1000;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function costOf(totals: VariantTotals): { meanBilledMs: number | null; maxMemoryUsedMb: Percentiles } {
  const reported = totals.histograms.memory.count;
  return {
    meanBilledMs: reported > 0 ? Math.round((totals.counters.billedMs / reported) * 1000) / 1000 : null,
    maxMemoryUsedMb: percentiles(totals.histograms.memory),
  };
}

/** The per-candidate answer to "does it behave like the control, and is it faster?". */
/** A runner finishes within 60 s (its timeout) and writes within a few more: then a minute settles. */
export const SETTLE_MINUTES = 2;

/** Handed off but neither recorded nor skipped, split by whether the minute has settled. */
function unaccounted(rows: readonly AggregateRow[], windowEnd: string): { lost: number; inFlight: number } {
  const settledBefore = minuteOf(Date.parse(`${windowEnd}:00Z`) - (SETTLE_MINUTES - 1) * 60_000);
  const attribute = (counter: Counter) => counterAttribute(CONTROL_KEY, counter);
  let lost = 0;
  let inFlight = 0;
  for (const row of rows) {
    const handedOff = row.values.get(attribute('handedOff')) ?? 0;
    if (handedOff === 0) continue;
    // A dropped item keeps its counts, so `dropped` is inside `samples` already.
    const accounted =
      (row.values.get(attribute('samples')) ?? 0) + (row.values.get(attribute('skipped')) ?? 0);
    const missing = Math.max(0, handedOff - accounted);
    if (row.minute < settledBefore) lost += missing;
    else inFlight += missing;
  }
  return { lost, inFlight };
}

export function summarize(
  experiment: Experiment,
  rows: readonly AggregateRow[],
  window: { from: string; to: string },
): ExperimentSummary {
  const totalsFor = mergeRows(rows);
  const control = totalsFor(CONTROL_KEY);
  return {
    id: experiment.id,
    name: experiment.name ?? experiment.id,
    path: experiment.path,
    window,
    control: {
      id: experiment.control.id,
      name: experiment.control.name,
      samples: control.counters.samples,
      errors: control.counters.errors,
      timeouts: control.counters.timeouts,
      skipped: control.counters.skipped,
      dropped: control.counters.dropped,
      handedOff: control.counters.handedOff,
      ...unaccounted(rows, window.to),
      coldStarts: control.counters.coldStarts,
      latencyMs: percentiles(control.histograms.client),
      durationMs: percentiles(control.histograms.duration),
      ...costOf(control),
    },
    candidates: experiment.candidates.map((candidate) => {
      const variant = totalsFor(candidate.id);
      const { matches, mismatches } = variant.counters;
      const compared = matches + mismatches;
      const interval: Interval | undefined = compared > 0 ? wilsonInterval(matches, compared) : undefined;
      return {
        id: candidate.id,
        name: candidate.name,
        samples: variant.counters.samples,
        matches,
        mismatches,
        errors: variant.counters.errors,
        timeouts: variant.counters.timeouts,
        dropped: variant.counters.dropped,
        coldStarts: variant.counters.coldStarts,
        matchRate: interval ? interval.estimate : null,
        matchRateInterval: interval ? { low: interval.low, high: interval.high } : null,
        latencyMs: percentiles(variant.histograms.client),
        durationMs: percentiles(variant.histograms.duration),
        ...costOf(variant),
        verdict: pairedVerdict(variant.histograms.ratio),
      };
    }),
  };
}
