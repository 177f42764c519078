import { InvalidValueError } from './errors.js';

/** Relative accuracy of every percentile: the estimate is within 1 % of the true value. */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this are counted in the zero bucket (far below any latency or ratio of interest). */
export const SMALLEST_TRACKED_VALUE = 1e-9;

/** Stored form: bucket index → count, plus exact totals. Merging two is adding them field by field. */
export interface SerializedHistogram {
  readonly count: number;
  readonly sum: number;
  readonly min?: number;
  readonly max?: number;
  readonly zero?: number;
  readonly buckets: Readonly<Record<string, number>>;
}

/**
 * A mergeable latency histogram with logarithmic buckets (the DDSketch layout): bucket i holds the
 * values in (γ^(i-1), γ^i] with γ = 1.01/0.99, so any percentile is known to within 1 % however many
 * values are recorded, and two histograms merge by adding counts. Counts per bucket suit storage as
 * atomic counters (one `ADD` per bucket).
 *
 * Mutable on purpose: `record` and `merge` change it in place (and return it), because it is filled
 * on a hot path; copy with `clone()` when a value is needed.
 */
export class LatencyHistogram {
  #buckets = new Map<number, number>();
  #zero = 0;
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  static empty(): LatencyHistogram {
    return new LatencyHistogram();
  }

  static of(values: Iterable<number>): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const value of values) histogram.record(value);
    return histogram;
  }

  /** The bucket a value falls in, or `zero`: the key a store increments for it. */
  static bucketIndexOf(value: number): number | 'zero' {
    assertRecordable(value);
    return value < SMALLEST_TRACKED_VALUE ? 'zero' : Math.ceil(Math.log(value) / LOG_GAMMA);
  }

  /** The largest value bucket `index` holds (its values are in (γ^(index-1), γ^index]). */
  static bucketUpperBound(index: number): number {
    return GAMMA ** index;
  }

  /** Reads the stored form back: the object from `toJSON()` or the text from `serialize()`. */
  static from(serialized: SerializedHistogram | string): LatencyHistogram {
    const data: SerializedHistogram = typeof serialized === 'string' ? parseText(serialized) : serialized;
    const histogram = new LatencyHistogram();
    let counted = data.zero ?? 0;
    for (const [key, count] of Object.entries(data.buckets)) {
      const index = Number(key);
      if (!Number.isInteger(index) || !Number.isInteger(count) || count < 0) {
        throw new InvalidValueError(`histogram bucket ${key}: ${count} is not a count`);
      }
      if (count > 0) histogram.#buckets.set(index, count);
      counted += count;
    }
    if (counted !== data.count) {
      throw new InvalidValueError(`histogram count ${data.count} does not match its buckets (${counted})`);
    }
    histogram.#zero = data.zero ?? 0;
    histogram.#count = data.count;
    histogram.#sum = data.sum;
    // Stores that only add counters keep no min or max: fall back to the bucket bounds.
    histogram.#min = data.min ?? histogram.#boundOfRank(0);
    histogram.#max = data.max ?? histogram.#boundOfRank(data.count - 1);
    return histogram;
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  /** undefined when empty. */
  get min(): number | undefined {
    return this.#count === 0 ? undefined : this.#min;
  }

  get max(): number | undefined {
    return this.#count === 0 ? undefined : this.#max;
  }

  get mean(): number | undefined {
    return this.#count === 0 ? undefined : this.#sum / this.#count;
  }

  /** Adds `count` occurrences of a value (zero or more; negative values are not latencies). */
  record(value: number, count = 1): this {
    const index = LatencyHistogram.bucketIndexOf(value);
    if (!Number.isInteger(count) || count < 0) throw new InvalidValueError(`count ${count} is not a count`);
    if (count === 0) return this;
    if (index === 'zero') this.#zero += count;
    else this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + count);
    this.#count += count;
    this.#sum += value * count;
    this.#min = Math.min(this.#min, value);
    this.#max = Math.max(this.#max, value);
    return this;
  }

  merge(other: LatencyHistogram): this {
    for (const [index, count] of other.#buckets)
      this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + count);
    this.#zero += other.#zero;
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
    return this;
  }

  clone(): LatencyHistogram {
    return LatencyHistogram.empty().merge(this);
  }

  /** The value at quantile q (0–1), within 1 %; undefined when empty. */
  percentile(q: number): number | undefined {
    if (!(q >= 0 && q <= 1)) throw new InvalidValueError(`quantile ${q} is not between 0 and 1`);
    if (this.#count === 0) return undefined;
    return this.valueAtRank(Math.floor(q * (this.#count - 1)));
  }

  /** The value of the rank-th smallest recorded value (0-based), within 1 %. */
  valueAtRank(rank: number): number | undefined {
    if (this.#count === 0) return undefined;
    const clamped = Math.min(Math.max(Math.floor(rank), 0), this.#count - 1);
    if (clamped === 0) return this.#min;
    if (clamped === this.#count - 1) return this.#max;
    const estimate = this.#boundOfRank(clamped);
    return Math.min(Math.max(estimate, this.#min), this.#max);
  }

  toJSON(): SerializedHistogram {
    const buckets: Record<string, number> = {};
    for (const index of [...this.#buckets.keys()].sort((a, b) => a - b))
      buckets[index] = this.#buckets.get(index)!;
    return {
      count: this.#count,
      sum: this.#sum,
      ...(this.#count === 0 ? {} : { min: this.#min, max: this.#max }),
      ...(this.#zero === 0 ? {} : { zero: this.#zero }),
      buckets,
    };
  }

  /** Compact text: `count;sum;min;max;zero;index:count,index:count…`. */
  serialize(): string {
    const data = this.toJSON();
    const buckets = Object.entries(data.buckets)
      .map(([index, count]) => `${index}:${count}`)
      .join(',');
    return [data.count, data.sum, data.min ?? '', data.max ?? '', data.zero ?? 0, buckets].join(';');
  }

  /** The representative value of the bucket holding the rank-th value. */
  #boundOfRank(rank: number): number {
    if (rank < this.#zero) return 0;
    let seen = this.#zero;
    for (const index of [...this.#buckets.keys()].sort((a, b) => a - b)) {
      seen += this.#buckets.get(index)!;
      if (seen > rank) return (2 * GAMMA ** index) / (GAMMA + 1);
    }
    return Number.NaN;
  }
}

function assertRecordable(value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InvalidValueError(
      `cannot record ${value} in a latency histogram: values must be finite and >= 0`,
    );
  }
}

function parseText(text: string): SerializedHistogram {
  const parts = text.split(';');
  if (parts.length !== 6) throw new InvalidValueError(`'${text.slice(0, 40)}' is not a serialized histogram`);
  const [count, sum, min, max, zero, buckets] = parts as [string, string, string, string, string, string];
  const entries = buckets === '' ? [] : buckets.split(',').map((pair) => pair.split(':').map(Number));
  return {
    count: Number(count),
    sum: Number(sum),
    ...(min === '' ? {} : { min: Number(min) }),
    ...(max === '' ? {} : { max: Number(max) }),
    zero: Number(zero),
    buckets: Object.fromEntries(entries.map(([index, n]) => [String(index), n!])),
  };
}
