import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { FunctionDefinition } from '../lambda/function-definition.js';

/** One HTTP route: an `http:` event (REST API, payload 1.0) or an `httpApi:` event (HTTP API). */
export interface HttpRouteDefinition {
  kind: 'rest' | 'http';
  /** Upper case, or `ANY` (`*` and `any` in serverless.yml). */
  method: string;
  /** Starts with `/`; `{name}` and `{name+}` segments as API Gateway writes them; `*` is the HTTP API's `$default`. */
  path: string;
  functionName: string;
  /** REST APIs send 1.0; HTTP APIs 2.0 unless `provider.httpApi.payload: '1.0'`. */
  payloadVersion: '1.0' | '2.0';
}

/** A `schedule:` event: the function runs locally on this schedule with a Scheduled Event. */
export interface ScheduleDefinition {
  functionName: string;
  /** `rate(5 minutes)` or `cron(0 12 * * ? *)`, as EventBridge takes them. */
  expression: string;
  /** When given, the function receives this instead of the Scheduled Event, as on AWS. */
  input?: unknown;
  enabled: boolean;
}

/** An `AWS::DynamoDB::Table` resource, ready for CreateTable. */
export interface TableDefinition {
  logicalId: string;
  tableName: string;
  createTable: CreateTableCommandInput;
  /** TimeToLiveSpecification is noted but not enforced: dynalite never expires items. */
  timeToLiveAttribute?: string;
}

/** A serverless.yml read and resolved into what the local cloud deploys. */
export interface ServiceDefinition {
  service: string;
  stage: string;
  region: string;
  /** Absolute path of the service directory. */
  dir: string;
  /** Absolute path of its serverless.yml. */
  file: string;
  functions: FunctionDefinition[];
  routes: HttpRouteDefinition[];
  schedules: ScheduleDefinition[];
  tables: TableDefinition[];
  /** `provider.apiGateway.binaryMediaTypes`: which REST request bodies arrive base64-encoded. */
  binaryMediaTypes: string[];
  /** Settings accepted but without local effect (IAM statements, CORS, …), each with its location. */
  warnings: string[];
}
