// The local cloud's public API. Each area adds its own exports below.

// gateway/, dynamodb, deploy/, the orchestrator
export { adminHandler } from './admin-api.js';
export type {
  DeployedFunction,
  DeployedRoute,
  DeployedService,
  DeploymentResult,
  DeployOptions,
  LocalCloud,
  LocalCloudOptions,
  LocalCloudStatus,
} from './cloud-contract.js';
export { DeployError, type SourceLocation } from './deploy/deploy-error.js';
export { parseScheduleExpression, type ScheduleExpression } from './deploy/schedule-expression.js';
export { scheduledEvent } from './deploy/scheduler.js';
export type {
  HttpRouteDefinition,
  ScheduleDefinition,
  ServiceDefinition,
  TableDefinition,
} from './deploy/service-definition.js';
export {
  type LoadServiceOptions,
  loadServiceDefinition,
  serverlessFile,
} from './deploy/service-loader.js';
export { DynamoDb, type DynamoDbOptions } from './dynamodb.js';
export { GATEWAY_URL_VARIABLE, LOOPBACK_ONLY_VARIABLE } from './function-environment.js';
export { ApiGateway, type ApiGatewayOptions, type GatewayInvoker } from './gateway/api-gateway.js';
export { type Incident, type IncidentReport, incidents } from './incidents.js';
// lambda/ and runtimes/
export { type CpuQuotaSupport, cpuQuotaFor, megabytesPerVcpu } from './lambda/cpu-quota.js';
export { FunctionDefinitionError, LambdaServiceError } from './lambda/errors.js';
export {
  defaultMemorySizeMb,
  defaultTimeoutSeconds,
  type FunctionDefinition,
  functionArn,
} from './lambda/function-definition.js';
export type { InvocationType, InvokeOptions, InvokeOutcome, LogType } from './lambda/invoke-outcome.js';
export { LambdaService, type LambdaServiceOptions } from './lambda/lambda-service.js';
export type { MemoryLimitSupport } from './lambda/memory-limit.js';
export { formatReportLine, type ReportFigures } from './lambda/report-line.js';
export { startLocalCloud } from './local-cloud.js';
export { isLoopbackHost, type PlannedPort, type PortPlan, plannedPorts, portPlan } from './port-plan.js';
export { freePort, isPortFree, PortInUseError } from './port-probe.js';
export { hostVersionNote } from './runtimes/host-version.js';
export {
  allRuntimeLaunchers,
  type LaunchSpec,
  type RuntimeLauncher,
  runtimeLauncherFor,
  supportedRuntimes,
  UnsupportedRuntimeError,
} from './runtimes/index.js';
export {
  defaultStateDir,
  isProcessAlive,
  type LocalCloudState,
  readLiveState,
  readState,
  removeState,
  stateFile,
} from './state.js';
