import {
  type Comparability,
  comparability,
  confinedToNoise,
  type Experiment,
  type Interval,
  LAMBDA_PRICES_SOURCE,
  type LambdaPrice,
  type LatencyHistogram,
  memoryAdvice,
  NOISE_ID,
  pairedVerdict,
  type Verdict,
  variantCost,
  wilsonInterval,
} from '@serverless-scientist/core';
import {
  CONTROL_KEY,
  COUNTERS,
  type Counter,
  counterAttribute,
  fieldsOfTallyKey,
  HISTOGRAMS,
  type HistogramName,
  MISMATCH_GROUP_METRIC,
  minuteOf,
  TALLIES,
  type TallyName,
} from './request-record.js';
import type { AggregateRow } from './results-store.js';
import { histogramFromStored } from './stored-histogram.js';

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface ControlSummary {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly skipped: number;
  readonly dropped: number;
  /** Requests the proxy handed to the runner. */
  readonly handedOff: number;
  /**
   * Handed off, neither recorded nor skipped, in minutes that ended more than
   * {@link SETTLE_MINUTES} ago: a runner lost them (crashed, killed, timed out).
   */
  readonly lost: number;
  /** The same in the last minutes: still running, or lost; `lost` once they settle. */
  readonly inFlight: number;
  readonly coldStarts: number;
  /** Client-side: measured by the scientist around each invoke. */
  readonly latencyMs: Percentiles;
  /** Function-side: Lambda's REPORT line. */
  readonly durationMs: Percentiles;
  /** Mean billed duration per invocation (REPORT line), null without data. */
  readonly meanBilledMs: number | null;
  /** Max Memory Used per invocation (REPORT line). */
  readonly maxMemoryUsedMb: Percentiles;
  /** Configured memory (REPORT line's Memory Size, mean over the window); null without data. */
  readonly memorySizeMb: number | null;
  /** Σ Billed Duration × Memory Size over the window, in GB-seconds. */
  readonly billedGbSeconds: number | null;
  /** What a million requests like these cost on Lambda (compute and request fee), US dollars. */
  readonly costPerMillionUsd: number | null;
  /** Client-side latency of cold starts alone (warm ones are the rest). */
  readonly coldStartLatencyMs: Percentiles;
}

export interface CandidateSummary {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly dropped: number;
  readonly coldStarts: number;
  /** matches ÷ (matches + mismatches); null before the first comparison. */
  readonly matchRate: number | null;
  /** Mismatches confined to fields the control also differs in from itself (the noise check's fields). */
  readonly noisyMismatches: number;
  readonly matchRateInterval: { readonly low: number; readonly high: number } | null;
  readonly latencyMs: Percentiles;
  readonly durationMs: Percentiles;
  readonly meanBilledMs: number | null;
  readonly maxMemoryUsedMb: Percentiles;
  readonly memorySizeMb: number | null;
  readonly billedGbSeconds: number | null;
  readonly costPerMillionUsd: number | null;
  /** costPerMillionUsd − the control's: negative is cheaper. */
  readonly costDifferencePerMillionUsd: number | null;
  readonly coldStartLatencyMs: Percentiles;
  /** The CPU conditions of the paired samples the verdict rests on. */
  readonly conditions: CandidateConditions;
  readonly verdict: Verdict;
}

/**
 * How fair the paired comparisons were (see the core's conditions): counts of pairs, of pairs
 * whose CPU waiting was measured, of those the host's contention held back, and of pairs run
 * without a CPU quota; `comparable` and `notComparable` as the verdict judged them.
 */
export interface CandidateConditions {
  readonly pairs: number;
  readonly measured: number;
  readonly contended: number;
  readonly unthrottled: number;
  readonly comparable: boolean;
  readonly notComparable: readonly string[];
  /** The verdict rests on own-CPU durations: each side's wait for the host's other work taken out. */
  readonly ownCpu: boolean;
}

/** The price the costs were computed with, and where it comes from. */
export interface PricingSummary {
  readonly region: string;
  readonly architecture: string;
  readonly perGbSecondUsd: number;
  readonly perMillionRequestsUsd: number;
  readonly source: string;
  readonly asOf: string;
}

/** Which memory size the evidence favours (see the core's `memoryAdvice`). */
export interface MemoryAdviceSummary {
  readonly summary: string;
  readonly recommended: { readonly id: string; readonly memorySizeMb: number };
  readonly baseline: { readonly id: string; readonly memorySizeMb: number };
  readonly speedup: number;
  readonly costRatio: number;
}

export interface ExperimentSummary {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly control: ControlSummary;
  readonly candidates: readonly CandidateSummary[];
  /** The noise check (control against itself), when the experiment has `noise`. */
  readonly noise?: NoiseSummary;
  /** null where the region has no known price (costs are null then). */
  readonly pricing: PricingSummary | null;
  /** null until two memory sizes have enough samples. */
  readonly memoryAdvice: MemoryAdviceSummary | null;
}

/**
 * The control run twice: how often it differs from itself and in which fields (noise), and its
 * duration verdict against itself, which shows how much of a candidate's ratio is the machine.
 */
export interface NoiseSummary {
  readonly percent: number;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  /** mismatches ÷ (matches + mismatches); null before the first comparison. */
  readonly noiseRate: number | null;
  /** Fields that differed between the control and itself, most often first. */
  readonly fields: readonly { readonly field: string; readonly count: number }[];
  readonly latencyMs: Percentiles;
  readonly durationMs: Percentiles;
  readonly conditions: CandidateConditions;
  readonly verdict: Verdict;
}

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

function percentiles(histogram: LatencyHistogram | undefined): Percentiles {
  const at = (q: number) => {
    const value = histogram?.percentile(q);
    return value === undefined ? null : Math.round(value * 1000) / 1000;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const rounded = (value: number, digits: number) => Number(value.toFixed(digits));

function costOf(totals: VariantTotals, price: LambdaPrice | undefined) {
  const reported = totals.histograms.memory.count;
  const { billedMbMs, memorySizeMb } = totals.counters;
  // Before Memory Size was counted (or without REPORT lines) there is nothing exact to price.
  const cost =
    reported > 0 && memorySizeMb > 0 && price
      ? variantCost({ invocations: reported, billedMbMs }, price)
      : undefined;
  return {
    meanBilledMs: reported > 0 ? Math.round((totals.counters.billedMs / reported) * 1000) / 1000 : null,
    maxMemoryUsedMb: percentiles(totals.histograms.memory),
    memorySizeMb: reported > 0 && memorySizeMb > 0 ? Math.round(memorySizeMb / reported) : null,
    billedGbSeconds: reported > 0 && memorySizeMb > 0 ? rounded(billedMbMs / 1024 / 1000, 6) : null,
    costPerMillionUsd: cost ? rounded(cost.costPerMillionUsd, 6) : null,
    coldStartLatencyMs: percentiles(totals.histograms.coldClient),
  };
}

function pricingOf(price: LambdaPrice | undefined): PricingSummary | null {
  if (!price) return null;
  return { ...price, source: LAMBDA_PRICES_SOURCE.url, asOf: LAMBDA_PRICES_SOURCE.asOf };
}

/**
 * The control speaks for its own memory size; candidates at other sizes for theirs (candidates at
 * the control's size are other code, not another size of the same code).
 */
function adviceOf(
  control: ControlSummary,
  candidates: readonly CandidateSummary[],
  durationSamples: (id: string) => number,
): MemoryAdviceSummary | null {
  const points = [control, ...candidates.filter((c) => c.memorySizeMb !== control.memorySizeMb)].flatMap(
    (variant) =>
      variant.memorySizeMb !== null && variant.durationMs.p50 !== null && variant.costPerMillionUsd !== null
        ? [
            {
              id: variant.id,
              memorySizeMb: variant.memorySizeMb,
              durationMs: variant.durationMs.p50,
              costPerMillionUsd: variant.costPerMillionUsd,
              samples: durationSamples(variant.id),
            },
          ]
        : [],
  );
  const advice = memoryAdvice(points);
  if (!advice) return null;
  const pick = (point: { id: string; memorySizeMb: number }) => ({
    id: point.id,
    memorySizeMb: point.memorySizeMb,
  });
  return {
    summary: advice.summary,
    recommended: pick(advice.recommended),
    baseline: pick(advice.baseline),
    speedup: rounded(advice.speedup, 3),
    costRatio: rounded(advice.costRatio, 3),
  };
}

/** The paired verdict, on the evidence that ran under comparable conditions. */
function verdictOf(variant: VariantTotals): { conditions: CandidateConditions; verdict: Verdict } {
  const { counters, histograms } = variant;
  const judged: Comparability = comparability({
    pairs: histograms.ratio.count,
    measured: counters.measured,
    contended: counters.contended,
    unthrottled: counters.unthrottled,
    memoryDiffers: counters.memoryDiffers > 0,
  });
  return {
    conditions: {
      pairs: histograms.ratio.count,
      measured: counters.measured,
      contended: counters.contended,
      unthrottled: counters.unthrottled,
      comparable: judged.comparable,
      notComparable: judged.reasons,
      ownCpu: judged.ownCpu,
    },
    verdict: pairedVerdict(judged.ownCpu ? histograms.fairRatio : histograms.ratio, {
      conditions: judged,
    }),
  };
}

/** The per-candidate answer to "does it behave like the control, and is it faster?". */
/** A runner finishes within 60 s (its timeout) and writes within a few more: then a minute settles. */
export const SETTLE_MINUTES = 2;

/** Handed off but neither recorded nor skipped, split by whether the minute has settled. */
function unaccounted(rows: readonly AggregateRow[], windowEnd: string): { lost: number; inFlight: number } {
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

export function summarize(
  experiment: Experiment,
  rows: readonly AggregateRow[],
  window: { from: string; to: string },
  price?: LambdaPrice,
): ExperimentSummary {
  const totalsFor = mergeRows(rows);
  const control = totalsFor(CONTROL_KEY);
  const noise = totalsFor(NOISE_ID);
  const noisyFields = new Set([...noise.tallies.fields.keys()].flatMap(fieldsOfTallyKey));
  const controlSummary: ControlSummary = {
    id: experiment.control.id,
    name: experiment.control.name,
    samples: control.counters.samples,
    errors: control.counters.errors,
    timeouts: control.counters.timeouts,
    skipped: control.counters.skipped,
    dropped: control.counters.dropped,
    handedOff: control.counters.handedOff,
    ...unaccounted(rows, window.to),
    coldStarts: control.counters.coldStarts,
    latencyMs: percentiles(control.histograms.client),
    durationMs: percentiles(control.histograms.duration),
    ...costOf(control, price),
  };
  const candidates = experiment.candidates.map((candidate): CandidateSummary => {
    const variant = totalsFor(candidate.id);
    const cost = costOf(variant, price);
    const { matches, mismatches } = variant.counters;
    const compared = matches + mismatches;
    const interval: Interval | undefined = compared > 0 ? wilsonInterval(matches, compared) : undefined;
    return {
      id: candidate.id,
      name: candidate.name,
      samples: variant.counters.samples,
      matches,
      mismatches,
      errors: variant.counters.errors,
      timeouts: variant.counters.timeouts,
      dropped: variant.counters.dropped,
      coldStarts: variant.counters.coldStarts,
      matchRate: interval ? interval.estimate : null,
      noisyMismatches: noisyMismatchesOf(variant, noisyFields),
      matchRateInterval: interval ? { low: interval.low, high: interval.high } : null,
      latencyMs: percentiles(variant.histograms.client),
      durationMs: percentiles(variant.histograms.duration),
      ...cost,
      costDifferencePerMillionUsd:
        cost.costPerMillionUsd !== null && controlSummary.costPerMillionUsd !== null
          ? rounded(cost.costPerMillionUsd - controlSummary.costPerMillionUsd, 6)
          : null,
      ...verdictOf(variant),
    };
  });
  const durationSamples = (id: string) =>
    totalsFor(id === experiment.control.id ? CONTROL_KEY : id).histograms.duration.count;
  return {
    id: experiment.id,
    name: experiment.name ?? experiment.id,
    path: experiment.path,
    window,
    control: controlSummary,
    candidates,
    pricing: pricingOf(price),
    memoryAdvice: adviceOf(controlSummary, candidates, durationSamples),
    ...(experiment.noise || noise.counters.samples > 0
      ? { noise: noiseSummaryOf(experiment.noise?.percent ?? 0, noise) }
      : {}),
  };
}

function noisyMismatchesOf(variant: VariantTotals, noisyFields: ReadonlySet<string>): number {
  let count = 0;
  for (const [key, mismatches] of variant.tallies.mismatchFields) {
    if (confinedToNoise(fieldsOfTallyKey(key), noisyFields)) count += mismatches;
  }
  return count;
}

function noiseSummaryOf(percent: number, noise: VariantTotals): NoiseSummary {
  const { matches, mismatches } = noise.counters;
  const fields = [...noise.tallies.fields]
    .map(([key, count]) => ({ field: fieldsOfTallyKey(key)[0] ?? key, count }))
    .sort((a, b) => b.count - a.count || a.field.localeCompare(b.field));
  return {
    percent,
    samples: noise.counters.samples,
    matches,
    mismatches,
    errors: noise.counters.errors,
    timeouts: noise.counters.timeouts,
    noiseRate: matches + mismatches > 0 ? mismatches / (matches + mismatches) : null,
    fields,
    latencyMs: percentiles(noise.histograms.client),
    durationMs: percentiles(noise.histograms.duration),
    ...verdictOf(noise),
  };
}
