import {
  LAMBDA_PRICES_SOURCE,
  type LambdaPrice,
  memoryAdvice,
  variantCost,
} from '@serverless-scientist/core';
import { type Percentiles, percentiles } from './percentiles.js';
import type { VariantTotals } from './variant-totals.js';

/** What a variant's invocations cost and used, from the REPORT lines' figures. */
export interface VariantCosts {
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

/** What a variant's summary says about its size, speed and cost. */
interface SizedVariant {
  readonly id: string;
  readonly memorySizeMb: number | null;
  readonly durationMs: Percentiles;
  readonly costPerMillionUsd: number | null;
}

/** Rounded to `digits` decimals, as every figure of a summary is. */
export const rounded = (value: number, digits: number) => Number(value.toFixed(digits));

export function costOf(totals: VariantTotals, price: LambdaPrice | undefined): VariantCosts {
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

export function pricingOf(price: LambdaPrice | undefined): PricingSummary | null {
  if (!price) return null;
  return { ...price, source: LAMBDA_PRICES_SOURCE.url, asOf: LAMBDA_PRICES_SOURCE.asOf };
}

/**
 * The control speaks for its own memory size; candidates at other sizes for theirs (candidates at
 * the control's size are other code, not another size of the same code).
 */
export function adviceOf(
  control: SizedVariant,
  candidates: readonly SizedVariant[],
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
