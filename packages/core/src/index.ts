export {
  CANDIDATE_OUTCOMES,
  type CandidateJudgement,
  type CandidateOutcome,
  type CandidateOutcomeKind,
  candidateOutcome,
  judgeCandidate,
} from './candidate-outcome.js';
export { promoteCandidate } from './candidate-promotion.js';
export {
  type CandidateRegistration,
  type RegisteredCandidate,
  registerCandidate,
} from './candidate-registration.js';
export { compare } from './comparators.js';
export type {
  ComparatorName,
  ComparisonError,
  ComparisonResult,
  Mismatch,
  Outcome,
} from './comparison-result.js';
export {
  type Comparability,
  type ConditionCounts,
  comparability,
  contended,
  hostWaitMs,
  ownCpuMs,
  ownCpuRatio,
  type PairConditions,
  pairConditions,
  quotaBoundMs,
} from './conditions.js';
export { type ConfigProblem, formatProblem } from './config-problem.js';
/** @public As above. */
export { longDurationText } from './delivery-settings.js';
export { ExperimentConfigError, InvalidValueError } from './errors.js';
export {
  ALWAYS_REDACTED_HEADERS,
  type BodyComparison,
  type Candidate,
  type ComparatorSettings,
  DEFAULT_CANDIDATE_TIMEOUT_MS,
  type Experiment,
  type ExperimentDefinitions,
  measuresNoise,
  NOISE_ID,
  type NoiseSettings,
  type RecordSettings,
  type Variant,
} from './experiment.js';
export {
  loadExperiments,
  type ParseOptions,
  type ParseResult,
  parseExperiments,
} from './experiment-config.js';
export { experimentsJsonSchema } from './experiment-file-schema.js';
export { experimentFor, trimSlashes } from './experiment-route.js';
export {
  type ExperimentsDocument,
  ExperimentsEditError,
  parseExperimentsDocument,
} from './experiments-document.js';
export type { JsonDifference } from './json-difference.js';
export { type LambdaFunctionReference, parseLambdaFunction } from './lambda-arn.js';
export { type BilledUsage, type VariantCost, variantCost } from './lambda-cost.js';
export {
  type Architecture,
  LAMBDA_PRICES_SOURCE,
  type LambdaPrice,
  lambdaPrice,
  PRICED_REGIONS,
} from './lambda-pricing.js';
export { LatencyHistogram, type SerializedHistogram } from './latency-histogram.js';
export { DEFAULT_REGION, isLoopbackHost, LOCAL_ACCOUNT_ID } from './local-defaults.js';
export {
  type MemoryAdvice,
  type MemoryAdviceOptions,
  type MemoryPoint,
  memoryAdvice,
} from './memory-advice.js';
export { mismatchKeys } from './mismatch-key.js';
export { confinedToNoise, differingFields } from './noise.js';
export {
  createObservation,
  type Durations,
  durationRatio,
  type ErrorKind,
  type Observation,
  type ObservationError,
  type ObservationInput,
} from './observation.js';
export { parseReportLine, type ReportMetrics } from './report-line.js';
/** @public Progressive delivery's pure core (keys, serving, rollouts): the proxy and the rollout evaluator call it as they land. */
export {
  parseRequestKeySource,
  type RequestFacts,
  type RequestKeySource,
  requestKeyOf,
} from './request-facts.js';
/** @public As above. */
export {
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
  restartRollout,
  rolloutPlanKey,
  type StepEvidence,
} from './rollout.js';
/** @public As above. */
export { type RolloutInForce, servingUnderRollout } from './rollout-serving.js';
export { bucketOf, isSampled, type SamplingTarget } from './sampling.js';
/** @public As above. */
export {
  chooseServer,
  type ServePlan,
  type ServingDecision,
  type TargetingRule,
} from './serving-decision.js';
export { pairedVerdict, type Verdict, type VerdictKind, type VerdictOptions } from './verdict.js';
export { type Interval, wilsonInterval } from './wilson-interval.js';
