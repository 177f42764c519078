/** One Lambda function as the local cloud runs it: what `serverless.yml` says, resolved. */
export interface FunctionDefinition {
  /** The Lambda function name, e.g. `control-round`. */
  name: string;
  /** `nodejs22.x` | `python3.12` | `ruby3.3` | `java21` | `provided.al2023` | … */
  runtime: string;
  /** As written in serverless.yml, e.g. `handler.handler` or `package.Class::handleRequest`. */
  handler: string;
  /** Absolute: the service directory, which becomes LAMBDA_TASK_ROOT. */
  codeDir: string;
  /** Absolute: `package.artifact` (the Java jar), when given. */
  artifact?: string;
  /** Default 1024, as in Serverless Framework v3. */
  memorySizeMb: number;
  /** Default 6, as in Serverless Framework v3. */
  timeoutSeconds: number;
  environment: Record<string, string>;
  reservedConcurrency?: number;
  /**
   * `background`: under contention its environments get a small share of the CPU (a low cgroup
   * weight), so that work nobody waits for does not take the CPU of work somebody does. Set with
   * the function tag `local-cloud:cpu-priority: background`; Lambda itself has no such thing,
   * as there such functions run on other machines.
   */
  cpuPriority?: 'background';
  region: string;
  accountId: string;
  service?: string;
  stage?: string;
}

/** The function tag that sets {@link FunctionDefinition.cpuPriority}. */
export const cpuPriorityTag = 'local-cloud:cpu-priority';

export const defaultMemorySizeMb = 1024;
export const defaultTimeoutSeconds = 6;

export function functionArn(fn: Pick<FunctionDefinition, 'name' | 'region' | 'accountId'>): string {
  return `arn:aws:lambda:${fn.region}:${fn.accountId}:function:${fn.name}`;
}
