// The data API's JSON: the scientist's own types (docs/reference/data-api.md), imported as types
// only, so that what the dashboard reads is what the scientist writes; the bundle holds none of
// the scientist's code. Beside them, the shapes only the dashboard composes.

import type {
  DefinitionVersion,
  ExperimentSummary,
  MismatchGroup,
  RolloutStatus,
  SeriesPoint,
  StoredMismatch,
  VariantDistribution,
} from '@serverless-scientist/scientist/data-api-types';

export type {
  CandidateSummary,
  ControlSummary,
  DefinitionVersion,
  DistributionBucket,
  ExperimentSummary,
  MismatchGroup,
  NoiseSummary,
  Percentiles,
  RolloutStatus,
  SeriesPoint,
  StoredMismatch as Mismatch,
  VariantDistribution,
  Verdict,
} from '@serverless-scientist/scientist/data-api-types';

/** Everything one experiment's page shows, read in one go. */
export interface ExperimentDetail {
  readonly summary: ExperimentSummary;
  readonly mismatches: readonly StoredMismatch[];
  readonly series: readonly SeriesPoint[];
  readonly distributions: Readonly<Record<string, VariantDistribution>>;
  readonly groups: readonly MismatchGroup[];
  readonly versions: readonly DefinitionVersion[];
  /** The experiment's staged rollout, when it has one. */
  readonly rollout?: RolloutStatus;
}

/** The window the page shows: the last `minutes`, or `since`–`until` (ISO), as the data API takes it. */
export interface WindowChoice {
  readonly minutes: number;
  readonly since?: string;
  readonly until?: string;
}
