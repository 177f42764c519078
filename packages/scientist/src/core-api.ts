/**
 * The parts of @serverless-scientist/core the service builds on, gathered in one place.
 */
export {
  ALWAYS_REDACTED_HEADERS,
  type Candidate,
  compare,
  createObservation,
  durationRatio,
  type ErrorKind,
  type Experiment,
  type ExperimentDefinitions,
  formatProblem,
  type Interval,
  isSampled,
  LAMBDA_PRICES_SOURCE,
  type LambdaPrice,
  LatencyHistogram,
  lambdaPrice,
  memoryAdvice,
  mismatchKeys,
  type Observation,
  pairedVerdict,
  parseExperiments,
  parseReportLine,
  type Verdict,
  variantCost,
  wilsonInterval,
} from '@serverless-scientist/core';
