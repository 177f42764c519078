import { InvalidValueError } from './errors.js';

/** One variant's evidence at its memory size: how fast it ran and what a million requests cost. */
export interface MemoryPoint {
  readonly id: string;
  readonly memorySizeMb: number;
  /** A typical duration, e.g. the function-side median. */
  readonly durationMs: number;
  readonly costPerMillionUsd: number;
  readonly samples: number;
}

export interface MemoryAdviceOptions {
  /** Points with fewer samples are left out: a few requests say little about a size. */
  readonly minSamples?: number;
  /**
   * Weight of cost against speed in the pick, 0–1: AWS Lambda Power Tuning's "balanced" strategy
   * minimises `weight × cost/maxCost + (1 − weight) × duration/maxDuration`.
   */
  readonly costWeight?: number;
}

/** Which memory size the evidence favours, against the smallest size observed. */
export interface MemoryAdvice {
  readonly recommended: MemoryPoint;
  readonly baseline: MemoryPoint;
  /** baseline duration ÷ recommended duration (above 1: faster). */
  readonly speedup: number;
  /** recommended cost ÷ baseline cost per request. */
  readonly costRatio: number;
  /** The sizes weighed, smallest first, one point per size. */
  readonly considered: readonly MemoryPoint[];
  /** One line, e.g. "1,024 MB: 2.9× faster than 128 MB for 1.3× the cost per request". */
  readonly summary: string;
}

const megabytes = (mb: number) => `${mb.toLocaleString('en-US')} MB`;
const times = (ratio: number) => `${ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;

/**
 * The shape of AWS Lambda Power Tuning's answer, from live traffic instead of a fixed payload:
 * among variants at different memory sizes, the balanced pick of speed and cost, and what it buys
 * against the smallest size. Undefined unless at least two sizes have enough samples.
 */
export function memoryAdvice(
  points: readonly MemoryPoint[],
  { minSamples = 20, costWeight = 0.5 }: MemoryAdviceOptions = {},
): MemoryAdvice | undefined {
  if (!(costWeight >= 0 && costWeight <= 1)) {
    throw new InvalidValueError(`cost weight ${costWeight} is not in 0–1`);
  }
  const bySize = new Map<number, MemoryPoint>();
  for (const point of points) {
    const usable =
      point.samples >= minSamples &&
      point.memorySizeMb > 0 &&
      point.durationMs > 0 &&
      point.costPerMillionUsd > 0 &&
      Number.isFinite(point.durationMs) &&
      Number.isFinite(point.costPerMillionUsd);
    if (!usable) continue;
    // Several variants at one size: the best-sampled one speaks for it.
    const held = bySize.get(point.memorySizeMb);
    if (!held || point.samples > held.samples) bySize.set(point.memorySizeMb, point);
  }
  const considered = [...bySize.values()].sort((a, b) => a.memorySizeMb - b.memorySizeMb);
  if (considered.length < 2) return undefined;
  const maxCost = Math.max(...considered.map((point) => point.costPerMillionUsd));
  const maxDuration = Math.max(...considered.map((point) => point.durationMs));
  const score = (point: MemoryPoint) =>
    costWeight * (point.costPerMillionUsd / maxCost) + (1 - costWeight) * (point.durationMs / maxDuration);
  // Strictly better only: on a tie the smaller size wins.
  const recommended = considered.reduce((best, point) => (score(point) < score(best) ? point : best));
  const baseline = considered[0]!;
  const speedup = baseline.durationMs / recommended.durationMs;
  const costRatio = recommended.costPerMillionUsd / baseline.costPerMillionUsd;
  let summary: string;
  if (recommended === baseline) {
    const fastest = considered.reduce((best, point) => (point.durationMs < best.durationMs ? point : best));
    summary =
      fastest === baseline
        ? `${megabytes(baseline.memorySizeMb)}: more memory made it no faster`
        : `${megabytes(baseline.memorySizeMb)}: ${megabytes(fastest.memorySizeMb)} is ${times(
            baseline.durationMs / fastest.durationMs,
          )} faster but costs ${times(fastest.costPerMillionUsd / baseline.costPerMillionUsd)} per request`;
  } else {
    summary = `${megabytes(recommended.memorySizeMb)}: ${times(speedup)} faster than ${megabytes(
      baseline.memorySizeMb,
    )} for ${times(costRatio)} the cost per request`;
  }
  return Object.freeze({
    recommended,
    baseline,
    speedup,
    costRatio,
    considered: Object.freeze(considered),
    summary,
  });
}
