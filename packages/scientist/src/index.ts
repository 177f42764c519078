// The scientist's public API: what the CLI, the dashboard's server side and benchmarks use.

export { type ApiResponse, DataApi, type DataApiOptions } from './api/data-api.js';
export { API_TOKEN_FILE, ensureApiToken, isLoopbackHost, readApiToken } from './api-token.js';
export {
  type AggregateIncrement,
  type AggregateRow,
  DynamoDbStore,
  type ResultItem,
  type StoredDefinition,
} from './aws/dynamodb-store.js';
export { type DeploymentView, deployerPlaceholderEnv, inspectDeployment } from './aws/lambda-deployment.js';
export { LambdaInvoker } from './aws/lambda-invoker.js';
export { ControlFailedError, DefinitionError, InvalidRequestError, StoreError } from './errors.js';
export {
  type CheckOptions,
  checkExperiments,
  type ExperimentsCheck,
  MAX_DEFINITION_BYTES,
  publishExperiments,
} from './experiments-publication.js';
export type { Clock, InvokeOutcome, InvokeRequest, Invoker } from './ports.js';
export { promoteCandidate } from './promotion.js';
export { DefinitionCache, type LoadedDefinitions } from './proxy/definition-cache.js';
export { SHADOW_HEADER } from './proxy/gateway-request.js';
export { type ProxyOptions, ScientistProxy } from './proxy/scientist-proxy.js';
export type {
  CandidateConditions,
  CandidateSummary,
  ControlSummary,
  ExperimentSummary,
  MemoryAdviceSummary,
  NoiseSummary,
  Percentiles,
  PricingSummary,
} from './results/experiment-summary.js';
export type { RequestRecord } from './results/request-record.js';
export { ResultRecorder, type ResultsSink } from './results/result-recorder.js';
export {
  DEFAULT_WINDOW_MINUTES,
  type DistributionBucket,
  type MismatchGroup,
  ResultsQuery,
  type VariantDistribution,
  type WindowRequest,
} from './results/results-query.js';
export { ShadowRunner } from './runner/shadow-runner.js';
export { openStore, type StoreConnection, tableNameFor } from './store-connection.js';
