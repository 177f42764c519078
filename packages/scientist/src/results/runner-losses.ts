import { CONTROL_KEY, type Counter, counterAttribute, minuteOf } from './request-record.js';
import type { AggregateRow } from './results-store.js';

/** A runner finishes within 60 s (its timeout) and writes within a few more: then a minute settles. */
export const SETTLE_MINUTES = 2;

/** Handed off but neither recorded nor skipped, split by whether the minute has settled. */
export function unaccounted(
  rows: readonly AggregateRow[],
  windowEnd: string,
): { lost: number; inFlight: number } {
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
