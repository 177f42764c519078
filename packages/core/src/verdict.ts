import type { Comparability } from './conditions.js';
import { InvalidValueError } from './errors.js';
import { LatencyHistogram } from './latency-histogram.js';
import { normalQuantile } from './normal-distribution.js';

export type VerdictKind = 'faster' | 'slower' | 'same' | 'inconclusive';

export interface Verdict {
  readonly kind: VerdictKind;
  /** Median of candidate ÷ control durations: 0.8 means the candidate takes 20 % less time. */
  readonly medianRatio?: number;
  /** Distribution-free confidence interval of the median ratio. */
  readonly interval?: readonly [number, number];
  readonly samples: number;
  /** When inconclusive: about how many more paired samples should decide it. */
  readonly samplesNeeded?: number;
  readonly summary: string;
  /**
   * Present when the conditions were judged: false when the evidence came from conditions that
   * were not comparable, and the verdict is then `inconclusive` whatever the ratios say.
   */
  readonly comparable?: boolean;
  /** Why the conditions were not comparable, one sentence each. */
  readonly notComparable?: readonly string[];
}

export interface VerdictOptions {
  /** Ratios within 1 ± tolerance count as the same speed (default 0.05). */
  readonly tolerance?: number;
  readonly confidence?: number;
  /** Fewer paired samples than this are never decided on (default 20). */
  readonly minSamples?: number;
  /** The conditions the pairs ran under; a verdict on incomparable evidence names no winner. */
  readonly conditions?: Comparability;
  /**
   * The noise floor: the confidence interval of the control's ratio against itself (the noise
   * check, which runs the control again where the candidates run). A ratio inside it is what the
   * machine alone produces, so a winner is named only beyond it: faster only below both 1 and its
   * lower bound, slower only above both 1 and its upper bound. `pending` while the noise check has
   * too few samples for an interval: no winner is named until it has one.
   */
  readonly noiseFloor?: readonly [number, number] | 'pending';
}

/** Above this many samples the binomial tail is taken from its normal approximation. */
const EXACT_BINOMIAL_LIMIT = 10_000;
/** The estimate of samples still needed is capped here: beyond it, "many more" is the honest answer. */
const MAX_SAMPLES_NEEDED = 100_000_000;

/**
 * Decides whether a candidate is faster, slower or as fast as the control from paired per-request
 * ratios (candidate ÷ control duration), given raw or as a histogram of ratios.
 *
 * The median ratio's confidence interval comes from order statistics (the sign test inverted), so it
 * assumes only that requests are independent — not any distribution of durations. The candidate is
 * `faster` when the interval lies below 1 and the median below 1 − tolerance, `slower` mirror-wise,
 * `same` when the whole interval lies within 1 ± tolerance; otherwise `inconclusive`, with an
 * estimate of the samples needed from how the interval narrows (as 1/√n).
 */
export function pairedVerdict(
  ratios: LatencyHistogram | readonly number[],
  options: VerdictOptions = {},
): Verdict {
  const verdict = ratioVerdict(ratios, options);
  const { conditions } = options;
  if (!conditions) return verdict;
  if (conditions.comparable) return freeze({ ...verdict, comparable: true });
  const { samplesNeeded: _, ...measured } = verdict;
  const figures = verdict.medianRatio === undefined ? '' : `; ${verdict.summary.replace(/^[^:]*: /, '')}`;
  return freeze({
    ...measured,
    kind: 'inconclusive',
    comparable: false,
    notComparable: Object.freeze([...conditions.reasons]),
    summary: `not comparable: ${conditions.reasons.join('; ')}${figures.replace(/; needs about \d+ more$/, '')}`,
  });
}

function ratioVerdict(ratios: LatencyHistogram | readonly number[], options: VerdictOptions): Verdict {
  const { tolerance = 0.05, confidence = 0.95, minSamples = 20, noiseFloor } = options;
  if (!(tolerance > 0 && tolerance < 1))
    throw new InvalidValueError(`tolerance ${tolerance} is not in (0, 1)`);
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidValueError(`confidence ${confidence} is not in (0, 1)`);
  const sample = orderStatistics(ratios);
  const n = sample.count;
  const percent = `${Math.round(confidence * 100)}%`;
  const ranks = signTestRanks(n, confidence);

  if (n === 0 || ranks === undefined) {
    const needed = Math.max(minSamples, smallestDecidableSample(confidence)) - n;
    return freeze({
      kind: 'inconclusive',
      samples: n,
      samplesNeeded: needed,
      summary: `inconclusive: ${plural(n, 'paired sample')}; needs at least ${needed} more`,
    });
  }
  const medianRatio = (sample.at(Math.floor((n - 1) / 2)) + sample.at(Math.ceil((n - 1) / 2))) / 2;
  const interval = [sample.at(ranks.lower), sample.at(ranks.upper)] as const;
  const [low, high] = interval;
  const described = `median ratio ${fixed(medianRatio)} (${percent} CI ${fixed(low)}–${fixed(high)}) over ${plural(n, 'paired sample')}`;
  const enough = n >= minSamples;
  const floor = noiseFloor === 'pending' ? ([0, Number.POSITIVE_INFINITY] as const) : noiseFloor;
  const fasterBelow = Math.min(1, floor?.[0] ?? 1);
  const slowerAbove = Math.max(1, floor?.[1] ?? 1);
  const withinFloor =
    noiseFloor === 'pending'
      ? '; waiting for the noise check (the control against itself) to measure the machine'
      : noiseFloor
        ? `; within the noise floor (the control against itself: ${fixed(noiseFloor[0])}–${fixed(noiseFloor[1])})`
        : '';

  if (enough && high < fasterBelow && medianRatio < 1 - tolerance) {
    return freeze({
      kind: 'faster',
      medianRatio,
      interval,
      samples: n,
      summary: `candidate is faster: ${described}`,
    });
  }
  if (enough && low > slowerAbove && medianRatio > 1 + tolerance) {
    return freeze({
      kind: 'slower',
      medianRatio,
      interval,
      samples: n,
      summary: `candidate is slower: ${described}`,
    });
  }
  if (enough && low >= 1 - tolerance && high <= 1 + tolerance) {
    const summary = `candidate is as fast as the control (within ±${fixed(tolerance * 100, 0)}%): ${described}`;
    return freeze({ kind: 'same', medianRatio, interval, samples: n, summary });
  }
  const beyondTolerance =
    (high < 1 && medianRatio < 1 - tolerance) || (low > 1 && medianRatio > 1 + tolerance);
  if (enough && beyondTolerance) {
    // More samples narrow the candidate's interval, not the machine's own variation.
    return freeze({
      kind: 'inconclusive',
      medianRatio,
      interval,
      samples: n,
      summary: `inconclusive: ${described}${withinFloor}`,
    });
  }
  const samplesNeeded = Math.max(minSamples - n, samplesToDecide(n, medianRatio, low, high, tolerance));
  return freeze({
    kind: 'inconclusive',
    medianRatio,
    interval,
    samples: n,
    samplesNeeded,
    summary: `inconclusive: ${described}; needs about ${samplesNeeded} more`,
  });
}

/**
 * 0-based ranks of the order statistics bounding the median's confidence interval: the largest k with
 * P(Binomial(n, ½) ≤ k − 1) ≤ α/2 gives [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎]. Undefined when n is too small for any.
 */
export function signTestRanks(n: number, confidence: number): { lower: number; upper: number } | undefined {
  const tail = (1 - confidence) / 2;
  let k = 0;
  if (n > EXACT_BINOMIAL_LIMIT) {
    k = Math.floor(n / 2 + 0.5 - (normalQuantile(1 - tail) * Math.sqrt(n)) / 2);
  } else {
    let logChoose = 0;
    let cumulative = 0;
    for (let j = 0; j < n; j++) {
      cumulative += Math.exp(logChoose - n * Math.LN2);
      if (cumulative > tail) break;
      k = j + 1;
      logChoose += Math.log(n - j) - Math.log(j + 1);
    }
  }
  if (k < 1) return undefined;
  return { lower: k - 1, upper: n - k };
}

function smallestDecidableSample(confidence: number): number {
  for (let n = 1; n < 1000; n++) if (signTestRanks(n, confidence) !== undefined) return n;
  return 1000;
}

/** From the interval's current half-width (in log space) and its 1/√n shrinkage. */
function samplesToDecide(n: number, median: number, low: number, high: number, tolerance: number): number {
  const halfWidth = (Math.log(high) - Math.log(low)) / 2;
  const centre = Math.log(median);
  const band = [Math.log(1 - tolerance), Math.log(1 + tolerance)] as const;
  const distance =
    centre < band[0] || centre > band[1] ? Math.abs(centre) : Math.min(band[1] - centre, centre - band[0]);
  if (!(distance > 0) || !Number.isFinite(halfWidth)) return MAX_SAMPLES_NEEDED;
  const total = n * (halfWidth / distance) ** 2;
  return Math.min(MAX_SAMPLES_NEEDED, Math.max(1, Math.ceil(total - n)));
}

interface OrderStatistics {
  readonly count: number;
  at(rank: number): number;
}

function orderStatistics(ratios: LatencyHistogram | readonly number[]): OrderStatistics {
  if (ratios instanceof LatencyHistogram) {
    return { count: ratios.count, at: (rank) => ratios.valueAtRank(rank) ?? Number.NaN };
  }
  for (const ratio of ratios) {
    if (!(Number.isFinite(ratio) && ratio > 0))
      throw new InvalidValueError(`ratio ${ratio} is not a positive number`);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  return { count: sorted.length, at: (rank) => sorted[rank]! };
}

function freeze(verdict: Verdict): Verdict {
  if (verdict.interval) Object.freeze(verdict.interval);
  if (verdict.notComparable) Object.freeze(verdict.notComparable);
  return Object.freeze(verdict);
}

function fixed(value: number, digits = 2): string {
  return value.toFixed(digits);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
