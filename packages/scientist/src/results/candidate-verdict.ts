import { type Comparability, comparability, pairedVerdict, type Verdict } from '@serverless-scientist/core';
import type { VariantTotals } from './variant-totals.js';

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

/** The paired verdict, on the evidence that ran under comparable conditions. */
export function verdictOf(
  variant: VariantTotals,
  noiseFloor?: readonly [number, number] | 'pending',
): { conditions: CandidateConditions; verdict: Verdict } {
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
      ...(noiseFloor ? { noiseFloor } : {}),
    }),
  };
}
