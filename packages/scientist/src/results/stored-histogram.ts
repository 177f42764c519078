import { LatencyHistogram } from '@serverless-scientist/core';

/**
 * How a latency histogram lives in an aggregate item: one numeric attribute per bucket, so that
 * DynamoDB `ADD` merges batches in place. The core's buckets (1 % wide) are grouped by four
 * (about 4 % wide) to keep items small: a percentile read back is within about 2 % of the truth.
 */
const GROUPING = 4;

/** The stored bucket key of a value: a coarse bucket number, or `zero`. */
export function storedBucketOf(value: number): string {
  const index = LatencyHistogram.bucketIndexOf(value);
  return index === 'zero' ? 'zero' : String(Math.floor(index / GROUPING));
}

/** The values a stored bucket holds, (low, high], rounded to µs; the zero bucket is 0–0. */
export function storedBucketBounds(key: string): { low: number; high: number } {
  if (key === 'zero') return { low: 0, high: 0 };
  const group = Number(key);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    low: round(LatencyHistogram.bucketUpperBound(group * GROUPING - 1)),
    high: round(LatencyHistogram.bucketUpperBound(group * GROUPING + GROUPING - 1)),
  };
}

/** Rebuilds a histogram from stored bucket counts and the stored sum of values. */
export function histogramFromStored(buckets: ReadonlyMap<string, number>, sum: number): LatencyHistogram {
  const fine: Record<string, number> = {};
  let count = 0;
  let zero = 0;
  for (const [key, value] of buckets) {
    if (value <= 0) continue;
    count += value;
    if (key === 'zero') zero += value;
    else {
      // The middle of the group stands for all of it.
      const index = Number(key) * GROUPING + GROUPING / 2;
      fine[index] = (fine[index] ?? 0) + value;
    }
  }
  return LatencyHistogram.from({ count, sum, zero, buckets: fine });
}
