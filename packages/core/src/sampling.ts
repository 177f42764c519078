import { InvalidValueError } from './errors.js';
import { murmur3 } from './murmur3.js';

/** Buckets per decision: percentages are honoured to 0.01 %. */
export const BUCKETS = 10_000;

export interface SamplingTarget {
  /** Per experiment; changing it reshuffles who is in. */
  readonly salt: string;
  /** Which choice this is (e.g. `candidate-1:sample`), so separate decisions are independent. */
  readonly decision: string;
  /** What should stick: a user or session id, or the request id when requests are independent. */
  readonly key: string;
}

/**
 * The sticky bucket (0–9999) of a key for one decision: MurmurHash3 (x86, 32-bit) of the three
 * parts, scaled onto the buckets. The same key always lands in the same bucket.
 */
export function bucketOf(salt: string, decision: string, key: string): number {
  // JSON keeps the parts apart, so ("a:b", "c") and ("a", "b:c") cannot collide.
  const hash = murmur3(new TextEncoder().encode(JSON.stringify([salt, decision, key])), 0);
  return Math.floor((hash / 2 ** 32) * BUCKETS);
}

/**
 * Whether a key is in a sample of `percent` (0–100). Raising the percentage only adds keys: a key in
 * at p is in at every p' > p.
 */
export function isSampled(percent: number, target: SamplingTarget): boolean {
  if (!(percent >= 0 && percent <= 100)) {
    throw new InvalidValueError(`sample percentage ${percent} is not between 0 and 100`);
  }
  return bucketOf(target.salt, target.decision, target.key) < Math.round(percent * (BUCKETS / 100));
}
