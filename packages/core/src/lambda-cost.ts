import { InvalidValueError } from './errors.js';
import type { LambdaPrice } from './lambda-pricing.js';

/** What a variant's invocations were billed for, summed over a window (from REPORT lines). */
export interface BilledUsage {
  /** Invocations with a REPORT line. */
  readonly invocations: number;
  /** Σ Billed Duration (ms) × Memory Size (MB): exact, whatever the memory size was per call. */
  readonly billedMbMs: number;
}

/** The money side of one variant: compute, requests, and both per million requests. */
export interface VariantCost {
  readonly invocations: number;
  /** Billed compute: MB-ms ÷ 1024 ÷ 1000. */
  readonly billedGbSeconds: number;
  /** Mean billed GB-seconds per invocation. */
  readonly gbSecondsPerRequest: number;
  /** Compute plus request fee for one million invocations like these, in US dollars. */
  readonly costPerMillionUsd: number;
}

export function billedGbSeconds(billedMbMs: number): number {
  return billedMbMs / 1024 / 1000;
}

/** The cost of a million requests like the ones observed; undefined without any billed invocation. */
export function variantCost(usage: BilledUsage, price: LambdaPrice): VariantCost | undefined {
  if (!(Number.isFinite(usage.invocations) && usage.invocations >= 0)) {
    throw new InvalidValueError(`invocations ${usage.invocations} is not a count`);
  }
  if (!(Number.isFinite(usage.billedMbMs) && usage.billedMbMs >= 0)) {
    throw new InvalidValueError(`billed MB-ms ${usage.billedMbMs} is not zero or more`);
  }
  if (usage.invocations === 0) return undefined;
  const gbSeconds = billedGbSeconds(usage.billedMbMs);
  const gbSecondsPerRequest = gbSeconds / usage.invocations;
  return Object.freeze({
    invocations: usage.invocations,
    billedGbSeconds: gbSeconds,
    gbSecondsPerRequest,
    costPerMillionUsd: gbSecondsPerRequest * price.perGbSecondUsd * 1e6 + price.perMillionRequestsUsd,
  });
}
