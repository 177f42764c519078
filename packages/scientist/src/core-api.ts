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
  LatencyHistogram,
  type Observation,
  pairedVerdict,
  parseExperiments,
  parseReportLine,
  type RecordSettings,
  type Verdict,
  wilsonInterval,
} from '@serverless-scientist/core';
