// The local cloud's public API: what the CLI, the benches and other packages' tests use. Everything
// else in src/ is private to the package.

// Running a local cloud, and what it reports.
export type { DeployedService, LocalCloud, LocalCloudStatus } from './cloud-contract.js';
// Reading serverless.yml.
export { parseScheduleExpression } from './deploy/schedule-expression.js';
export { scheduledEvent } from './deploy/scheduler.js';
export type { ServiceDefinition } from './deploy/service-definition.js';
export { loadServiceDefinition } from './deploy/service-loader.js';
// Its parts, each usable alone.
export { DynamoDb } from './dynamodb.js';
export { ApiGateway } from './gateway/api-gateway.js';
export { type IncidentReport, incidents } from './incidents.js';
export { megabytesPerVcpu } from './lambda/cpu-quota.js';
export { FunctionDefinitionError } from './lambda/errors.js';
export type { FunctionDefinition } from './lambda/function-definition.js';
export { LambdaService } from './lambda/lambda-service.js';
export { startLocalCloud } from './local-cloud.js';
export { checkPortsFree, plannedPorts, portPlan } from './port-plan.js';
export { isPortFree, PortInUseError } from './port-probe.js';
export { hostVersionNote } from './runtimes/host-version.js';
export { allRuntimeLaunchers } from './runtimes/index.js';
export {
  defaultStateDir,
  isProcessAlive,
  type LocalCloudState,
  readLiveState,
  removeState,
} from './state.js';
