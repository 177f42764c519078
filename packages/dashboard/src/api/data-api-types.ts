// The data API's JSON, as docs/reference/data-api.md describes it.

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface Verdict {
  readonly kind: 'faster' | 'slower' | 'same' | 'inconclusive';
  readonly medianRatio?: number;
  readonly interval?: readonly [number, number];
  readonly samples: number;
  readonly samplesNeeded?: number;
  readonly summary: string;
  /** false when the conditions were not comparable: the verdict then names no winner. */
  readonly comparable?: boolean;
  readonly notComparable?: readonly string[];
}

/** How fair the paired comparisons were (CPU contention and quota on one machine). */
export interface Conditions {
  readonly pairs: number;
  readonly measured: number;
  readonly contended: number;
  readonly unthrottled: number;
  readonly comparable: boolean;
  readonly notComparable: readonly string[];
  readonly ownCpu: boolean;
}

export interface ControlSummary {
  readonly id: string;
  readonly name: string;
  readonly samples: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly skipped: number;
  readonly dropped: number;
  readonly coldStarts: number;
  readonly latencyMs: Percentiles;
  readonly durationMs: Percentiles;
  readonly meanBilledMs: number | null;
  readonly maxMemoryUsedMb: Percentiles;
  readonly memorySizeMb?: number | null;
  readonly billedGbSeconds?: number | null;
  readonly costPerMillionUsd?: number | null;
  readonly coldStartLatencyMs?: Percentiles;
}

export interface CandidateSummary extends Omit<ControlSummary, 'skipped'> {
  readonly costDifferencePerMillionUsd?: number | null;
  readonly matches: number;
  readonly mismatches: number;
  readonly matchRate: number | null;
  readonly matchRateInterval: { readonly low: number; readonly high: number } | null;
  readonly noisyMismatches: number;
  readonly conditions: Conditions;
  readonly verdict: Verdict;
}

/** The control against itself: its noise rate and fields, and its duration verdict. */
export interface NoiseSummary {
  readonly percent: number;
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly noiseRate: number | null;
  readonly fields: readonly { readonly field: string; readonly count: number }[];
  readonly durationMs: Percentiles;
  readonly conditions: Conditions;
  readonly verdict: Verdict;
}

export interface ExperimentSummary {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly control: ControlSummary;
  readonly candidates: readonly CandidateSummary[];
  readonly noise?: NoiseSummary;
  readonly pricing?: {
    readonly region: string;
    readonly architecture: string;
    readonly perGbSecondUsd: number;
    readonly perMillionRequestsUsd: number;
    readonly source: string;
    readonly asOf: string;
  } | null;
  readonly memoryAdvice?: {
    readonly summary: string;
    readonly recommended: { readonly id: string; readonly memorySizeMb: number };
    readonly baseline: { readonly id: string; readonly memorySizeMb: number };
  } | null;
}

export interface DistributionBucket {
  readonly low: number;
  readonly high: number;
  readonly count: number;
}

export interface VariantDistribution {
  readonly client: readonly DistributionBucket[];
  readonly warm: readonly DistributionBucket[];
  readonly cold: readonly DistributionBucket[];
  readonly duration: readonly DistributionBucket[];
}

export interface MismatchGroup {
  readonly candidate: string;
  readonly key: string;
  readonly comparator: string;
  readonly where: string | null;
  readonly count: number;
  readonly share: number;
  readonly example: Mismatch | null;
}

/** A published definition version: a marker on the time series. */
export interface DefinitionVersion {
  readonly version: number;
  readonly uploadedAt?: string;
  readonly origin?: string;
}

export interface Mismatch {
  readonly requestId: string;
  readonly at: string;
  readonly candidate: string;
  readonly diff: string;
  readonly curl: string;
}

export interface SeriesVariant {
  readonly samples: number;
  readonly matches?: number;
  readonly mismatches?: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly coldStarts?: number;
  readonly p50Ms: number | null;
  readonly p95Ms?: number | null;
  readonly p99Ms?: number | null;
}

export interface SeriesPoint {
  /** `2026-11-23T06:01`, UTC. */
  readonly minute: string;
  readonly variants: Readonly<Record<string, SeriesVariant>>;
}

export interface ExperimentDetail {
  readonly summary: ExperimentSummary;
  readonly mismatches: readonly Mismatch[];
  readonly series: readonly SeriesPoint[];
  readonly distributions: Readonly<Record<string, VariantDistribution>>;
  readonly groups: readonly MismatchGroup[];
  readonly versions: readonly DefinitionVersion[];
}

/** The window the page shows: the last `minutes`, or `since`–`until` (ISO), as the data API takes it. */
export interface WindowChoice {
  readonly minutes: number;
  readonly since?: string;
  readonly until?: string;
}
