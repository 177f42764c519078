export {
  CANDIDATE_OUTCOMES,
  type CandidateJudgement,
  type CandidateOutcome,
  type CandidateOutcomeKind,
  candidateOutcome,
  judgeCandidate,
} from './candidate-outcome.js';
export { compare } from './comparators.js';
export type {
  ComparatorName,
  ComparisonError,
  ComparisonResult,
  Mismatch,
  Outcome,
} from './comparison-result.js';
export {
  CONTENDED_FLOOR_MS,
  CONTENDED_SHARE,
  type Comparability,
  type ConditionCounts,
  comparability,
  contended,
  hostWaitMs,
  MEGABYTES_PER_VCPU,
  MOST_CONTENDED_SHARE,
  ownCpuMs,
  ownCpuRatio,
  type PairConditions,
  pairConditions,
  quotaBoundMs,
} from './conditions.js';
export { type ConfigProblem, formatProblem } from './config-problem.js';
export { ExperimentConfigError, InvalidValueError } from './errors.js';
export {
  ALL_METHODS,
  ALWAYS_REDACTED_HEADERS,
  type BodyComparison,
  type Candidate,
  type ComparatorSettings,
  DEFAULT_CANDIDATE_TIMEOUT_MS,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTED_QUERY,
  type Experiment,
  type ExperimentDefinitions,
  measuresNoise,
  NOISE_ID,
  type NoiseSettings,
  type RecordSettings,
  SAFE_METHODS,
  type Variant,
} from './experiment.js';
export {
  loadExperiments,
  type ParseOptions,
  type ParseResult,
  parseExperiments,
} from './experiment-config.js';
export { experimentsJsonSchema } from './experiment-file-schema.js';
export { decodedPath, experimentFor, trimSlashes } from './experiment-route.js';
export { type JsonDifference, MAX_JSON_DIFFERENCES } from './json-difference.js';
export { type BilledUsage, billedGbSeconds, type VariantCost, variantCost } from './lambda-cost.js';
export {
  ARCHITECTURES,
  type Architecture,
  LAMBDA_PRICES_SOURCE,
  type LambdaPrice,
  lambdaPrice,
  PRICED_REGIONS,
} from './lambda-pricing.js';
export { LatencyHistogram, RELATIVE_ACCURACY, type SerializedHistogram } from './latency-histogram.js';
export {
  type MemoryAdvice,
  type MemoryAdviceOptions,
  type MemoryPoint,
  memoryAdvice,
} from './memory-advice.js';
export { MAX_MISMATCH_KEYS, mismatchKeys } from './mismatch-key.js';
export { confinedToNoise, differingFields, MAX_FIELDS_PER_COMPARISON } from './noise.js';
export {
  createObservation,
  type Durations,
  durationRatio,
  ERROR_KINDS,
  type ErrorKind,
  hashBody,
  type Observation,
  type ObservationError,
  type ObservationInput,
} from './observation.js';
export { parseReportLine, type ReportMetrics } from './report-line.js';
export {
  cookiesOf,
  DEFAULT_REQUEST_KEY,
  parseRequestKeySource,
  type RequestFacts,
  type RequestKeySource,
  requestKeyOf,
} from './request-facts.js';
export {
  checkRolloutPlan,
  commandRollout,
  evaluateRollout,
  type GateReading,
  type GateStatus,
  initialRolloutState,
  type RolloutCommand,
  type RolloutEvaluation,
  type RolloutGates,
  type RolloutPlan,
  type RolloutState,
  type RolloutStateName,
  type RolloutTransition,
  readGates,
  type StepEvidence,
} from './rollout.js';
export { BUCKETS, bucketOf, isSampled, type SamplingTarget } from './sampling.js';
export {
  canaryDecision,
  chooseServer,
  ruleMatches,
  type ServePlan,
  type ServingDecision,
  type TargetingRule,
} from './serving-decision.js';
export { pairedVerdict, type Verdict, type VerdictKind, type VerdictOptions } from './verdict.js';
export { type Interval, wilsonInterval } from './wilson-interval.js';
