/** Nearest-rank percentile of durations in milliseconds, rounded to 0.1 ms; null when there are none. */
export function percentile(sortedDurations: readonly number[], fraction: number): number | null {
  if (sortedDurations.length === 0) return null;
  const rank = Math.min(sortedDurations.length, Math.max(1, Math.ceil(fraction * sortedDurations.length)));
  return Math.round(sortedDurations[rank - 1]! * 10) / 10;
}
