/** Time, as the service reads it: injected so that tests can hold it still. */
export interface Clock {
  /** Wall-clock milliseconds since the epoch, for minute buckets and TTLs. */
  now(): number;
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
