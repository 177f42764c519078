// The scientist's public API: what the CLI, benchmarks and tests use. The data API's JSON types
// are apart, in `data-api-types.ts` (the `./data-api-types` export), for the dashboard.

export { type GatewayEvent, readGatewayRequest } from './api-gateway-event.js';
export { ensureApiToken, readApiToken } from './api-token.js';
export type { DynamoDbStore } from './aws/dynamodb-store.js';
export { type DeploymentView, deployerPlaceholderEnv, inspectDeployment } from './aws/lambda-deployment.js';
/** @public The benches load the built package by path, where no import names it. */
export { LambdaInvoker } from './aws/lambda-invoker.js';
export { openStore, tableNameFor } from './aws/store-connection.js';
export type { DefinitionStore, StoredDefinition } from './definition-store.js';
export { InvalidRequestError } from './errors.js';
export { type CheckOptions, checkExperiments, publishExperiments } from './experiments-publication.js';
export type { InvokeOutcome, InvokeRequest, Invoker } from './function-invoker.js';
export type { ShadowTask, StoreRetryTask } from './hand-off.js';
export { InMemoryStore } from './in-memory-store.js';
/** @public For the benches, as LambdaInvoker. */
export { ScientistProxy } from './proxy/scientist-proxy.js';
export type { ExperimentSummary } from './results/experiment-summary.js';
/** @public For the benches, as LambdaInvoker. */
export { ResultRecorder } from './results/result-recorder.js';
export {
  DEFAULT_WINDOW_MINUTES,
  type MismatchGroup,
  ResultsQuery,
  type WindowRequest,
} from './results/results-query.js';
export type { ResultsStore } from './results/results-store.js';
export { RolloutService } from './rollout/rollout-service.js';
export type { RolloutStatus } from './rollout/rollout-status.js';
export type { RolloutStore, StoredRollout } from './rollout/rollout-store.js';
