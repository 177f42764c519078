import type { LatencyHistogram } from '@serverless-scientist/core';

/** Milliseconds (or MB) at the 50th, 95th and 99th percentile; null without data. */
export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** A histogram's value at quantile `q`, to the µs; null when it is empty. */
export function percentileOf(histogram: LatencyHistogram | undefined, q: number): number | null {
  const value = histogram?.percentile(q);
  return value === undefined ? null : Math.round(value * 1000) / 1000;
}

export function percentiles(histogram: LatencyHistogram | undefined): Percentiles {
  return {
    p50: percentileOf(histogram, 0.5),
    p95: percentileOf(histogram, 0.95),
    p99: percentileOf(histogram, 0.99),
  };
}
