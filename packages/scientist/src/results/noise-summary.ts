import { confinedToNoise, type Verdict } from '@serverless-scientist/core';
import { type CandidateConditions, verdictOf } from './candidate-verdict.js';
import { type Percentiles, percentiles } from './percentiles.js';
import { fieldsOfTallyKey } from './request-record.js';
import type { VariantTotals } from './variant-totals.js';

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

export function noisyMismatchesOf(variant: VariantTotals, noisyFields: ReadonlySet<string>): number {
  let count = 0;
  for (const [key, mismatches] of variant.tallies.mismatchFields) {
    if (confinedToNoise(fieldsOfTallyKey(key), noisyFields)) count += mismatches;
  }
  return count;
}

export function noiseSummaryOf(percent: number, noise: VariantTotals): NoiseSummary {
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
