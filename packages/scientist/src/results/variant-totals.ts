import type { LatencyHistogram } from '@serverless-scientist/core';
import {
  COUNTERS,
  type Counter,
  HISTOGRAMS,
  type HistogramName,
  MISMATCH_GROUP_METRIC,
  TALLIES,
  type TallyName,
} from './request-record.js';
import type { AggregateRow } from './results-store.js';
import { histogramFromStored } from './stored-histogram.js';

/** One variant's merged aggregates over the window. */
export interface VariantTotals {
  readonly counters: Record<Counter, number>;
  readonly histograms: Record<HistogramName, LatencyHistogram>;
  readonly tallies: Record<TallyName, ReadonlyMap<string, number>>;
  /** Mismatch counts per place (`body /price`, `header content-type`). */
  readonly mismatchGroups: ReadonlyMap<string, number>;
  /** Stored (coarse) bucket counts per histogram, for drawing distributions. */
  readonly storedBuckets: ReadonlyMap<string, ReadonlyMap<string, number>>;
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
  const tallies = Object.fromEntries(
    TALLIES.map((name) => [name, raw?.buckets.get(name) ?? new Map<string, number>()]),
  ) as Record<string, ReadonlyMap<string, number>>;
  return {
    counters: counters as Record<Counter, number>,
    histograms: histograms as Record<HistogramName, LatencyHistogram>,
    tallies: tallies as Record<TallyName, ReadonlyMap<string, number>>,
    mismatchGroups: raw?.buckets.get(MISMATCH_GROUP_METRIC) ?? new Map(),
    storedBuckets: raw?.buckets ?? new Map(),
  };
}

/** Merges aggregate rows (each one minute of one experiment) and returns a variant's totals. */
export function mergeRows(rows: readonly AggregateRow[]): (variant: string) => VariantTotals {
  const raw = new Map<string, RawTotals>();
  for (const row of rows) {
    for (const [name, value] of row.values) {
      const [variant, metric, ...rest] = name.split('|') as [string, string, ...string[]];
      // A mismatch place may itself hold `|`.
      const bucket = rest.length === 0 ? undefined : rest.join('|');
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
