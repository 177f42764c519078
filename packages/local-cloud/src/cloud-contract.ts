import type { LambdaService } from './lambda/lambda-service.js';

// What the CLI, the admin API and tests see of a running local cloud: the admin API's answers are
// these shapes as JSON.

export interface LocalCloudOptions {
  /** The workspace root: Nx builds run here; state defaults to `<root>/.scientist`. */
  root: string;
  /** Base port P: API Gateway on P, Lambda on P+1, DynamoDB on P+2; 0 makes all three ephemeral. Default 3000. */
  port?: number;
  /**
   * Where API Gateway listens (default 127.0.0.1). Lambda's Invoke API and DynamoDB take no
   * credentials, so they listen on loopback whatever this says (docs/reference/security.md).
   */
  host?: string;
  stateDir?: string;
  /** Keep DynamoDB tables on disk under `<stateDir>/dynamodb` (default true). */
  persist?: boolean;
  /** API Gateway's integration timeout (29 s on AWS); shorter in tests. */
  gatewayTimeoutMs?: number;
  /** How long an idle execution environment lives. */
  idleTimeoutMs?: number;
  /** Asked to stop through the admin API (`scientist down`); defaults to stopping the cloud. */
  onShutdownRequest?: () => void;
}

export interface DeployedFunction {
  name: string;
  arn: string;
  runtime: string;
  memorySizeMb: number;
  /** The full URL of the function's first HTTP route. */
  url?: string;
}

export interface DeployedRoute {
  method: string;
  path: string;
  url: string;
  functionName: string;
  kind: 'rest' | 'http';
}

export interface DeployedService {
  service: string;
  stage: string;
  region: string;
  dir: string;
  functions: DeployedFunction[];
  routes: DeployedRoute[];
  tables: string[];
  /** Settings accepted without local effect, each with its `file:line:col`. */
  warnings: string[];
  /** How the service was built (`nx run …:build`, `none`) and how long deploy took. */
  build: string;
  deployMs: number;
}

export interface DeployOptions {
  stage?: string;
  /** Build Go and Java services first (default true). */
  build?: boolean;
}

/** One service's part in {@link LocalCloud.deployAll}: deployed, or why not. */
export type DeploymentResult =
  | { dir: string; deployed: DeployedService; error?: undefined }
  | { dir: string; deployed?: undefined; error: Error };

export interface LocalCloudStatus {
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  endpoints: LocalCloud['endpoints'];
  cpuQuota: { available: boolean; mechanism: string; detail: string };
  services: (Omit<DeployedService, 'functions'> & {
    functions: (DeployedFunction & { environments: number })[];
  })[];
}

export interface LocalCloud {
  endpoints: { gateway: string; lambda: string; dynamodb: string };
  stateDir: string;
  lambda: LambdaService;
  deploy(serviceDir: string, options?: DeployOptions): Promise<DeployedService>;
  /**
   * Deploys many services, building the compiled ones in one Nx run first; a service that fails
   * does not stop the others. `onResult` hears of each service as it is done.
   */
  deployAll(
    serviceDirs: readonly string[],
    options?: { stage?: string; onResult?: (result: DeploymentResult) => void },
  ): Promise<DeploymentResult[]>;
  services(): DeployedService[];
  status(): LocalCloudStatus;
  stop(): Promise<void>;
}
