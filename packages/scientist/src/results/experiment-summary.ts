import {
  type Experiment,
  type Interval,
  type LambdaPrice,
  NOISE_ID,
  type Verdict,
  wilsonInterval,
} from '@serverless-scientist/core';
import type { RolloutSummary } from '../rollout/rollout-summary.js';
import { type CandidateConditions, verdictOf } from './candidate-verdict.js';
import { type NoiseSummary, noiseSummaryOf, noisyMismatchesOf } from './noise-summary.js';
import { type Percentiles, percentiles } from './percentiles.js';
import { CONTROL_KEY, fieldsOfTallyKey } from './request-record.js';
import type { AggregateRow } from './results-store.js';
import { unaccounted } from './runner-losses.js';
import {
  adviceOf,
  costOf,
  type MemoryAdviceSummary,
  type PricingSummary,
  pricingOf,
  rounded,
  type VariantCosts,
} from './variant-costs.js';
import { mergeRows } from './variant-totals.js';

/** Paired samples the noise check needs before its interval calibrates the candidates' verdicts. */
const NOISE_FLOOR_SAMPLES = 20;

export interface ControlSummary extends VariantCosts {
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
}

export interface CandidateSummary extends VariantCosts {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly dropped: number;
  /** Requests whose client got this candidate's answer (the `serve` settings chose it). */
  readonly served: number;
  /** Requests it was chosen to serve but failed, so the client got the control's answer. */
  readonly fallbacks: number;
  readonly coldStarts: number;
  /** matches ÷ (matches + mismatches); null before the first comparison. */
  readonly matchRate: number | null;
  /** Mismatches confined to fields the control also differs in from itself (the noise check's fields). */
  readonly noisyMismatches: number;
  readonly matchRateInterval: { readonly low: number; readonly high: number } | null;
  readonly latencyMs: Percentiles;
  readonly durationMs: Percentiles;
  /** costPerMillionUsd − the control's: negative is cheaper. */
  readonly costDifferencePerMillionUsd: number | null;
  /** The CPU conditions of the paired samples the verdict rests on. */
  readonly conditions: CandidateConditions;
  readonly verdict: Verdict;
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
  /** Where the experiment's staged rollout stands, once one was started or its plan changed. */
  readonly rollout?: RolloutSummary;
}

/** The per-candidate answer to "does it behave like the control, and is it faster?", per experiment. */
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
  // The control against itself, where the candidates run: a candidate's ratio inside that
  // interval is the machine's, not the code's.
  const noiseVerdict = noise.counters.samples > 0 ? verdictOf(noise).verdict : undefined;
  const noiseFloor =
    noiseVerdict?.interval && noiseVerdict.comparable !== false && noiseVerdict.samples >= NOISE_FLOOR_SAMPLES
      ? noiseVerdict.interval
      : (experiment.noise?.percent ?? 0) > 0
        ? 'pending'
        : undefined;
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
    // A mismatch only in fields where the control differs from itself says nothing about the
    // candidate: it does not count against the match rate (nor, through it, a rollout's gate).
    const noisyMismatches = noisyMismatchesOf(variant, noisyFields);
    const interval: Interval | undefined =
      compared > 0 ? wilsonInterval(matches + noisyMismatches, compared) : undefined;
    return {
      id: candidate.id,
      name: candidate.name,
      samples: variant.counters.samples,
      matches,
      mismatches,
      errors: variant.counters.errors,
      timeouts: variant.counters.timeouts,
      dropped: variant.counters.dropped,
      served: variant.counters.served,
      fallbacks: variant.counters.fallbacks,
      coldStarts: variant.counters.coldStarts,
      matchRate: interval ? interval.estimate : null,
      noisyMismatches,
      matchRateInterval: interval ? { low: interval.low, high: interval.high } : null,
      latencyMs: percentiles(variant.histograms.client),
      durationMs: percentiles(variant.histograms.duration),
      ...cost,
      costDifferencePerMillionUsd:
        cost.costPerMillionUsd !== null && controlSummary.costPerMillionUsd !== null
          ? rounded(cost.costPerMillionUsd - controlSummary.costPerMillionUsd, 6)
          : null,
      ...verdictOf(variant, noiseFloor),
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
