// The data API's JSON, as docs/reference/data-api.md describes it: types only, exported as
// `@serverless-scientist/scientist/data-api-types` for the dashboard, which reads what this
// package writes (a type-only import: the dashboard's bundle holds none of this code).

export type { Verdict } from '@serverless-scientist/core';
export type { DefinitionVersion } from './api/data-api.js';
export type { CandidateConditions } from './results/candidate-verdict.js';
export type { CandidateSummary, ControlSummary, ExperimentSummary } from './results/experiment-summary.js';
export type { NoiseSummary } from './results/noise-summary.js';
export type { Percentiles } from './results/percentiles.js';
export type {
  DistributionBucket,
  MismatchExample,
  MismatchGroup,
  SeriesPoint,
  SeriesVariant,
  VariantDistribution,
} from './results/results-query.js';
export type { StoredMismatch } from './results/stored-mismatch.js';
export type { MemoryAdviceSummary, PricingSummary, VariantCosts } from './results/variant-costs.js';
export type { RolloutStatus } from './rollout/rollout-status.js';
export type { RolloutSummary } from './rollout/rollout-summary.js';
