import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from './function-definition.js';

const runtimesDir = fileURLToPath(new URL('../runtimes/', import.meta.url));

/** What an execution environment's process starts with besides the function's own configuration. */
export interface EnvironmentVariableSources {
  /** The local cloud's endpoints and credentials, shared by every function. */
  extraEnvironment: Readonly<Record<string, string>>;
  logStreamName: string;
  /** The environment's Runtime API address, `host:port`. */
  runtimeApi: string;
}

/** The process environment Lambda gives a function's runtime; the host's other variables are not passed on. */
export function environmentVariables(
  fn: FunctionDefinition,
  sources: EnvironmentVariableSources,
): Record<string, string> {
  const hostPath = process.env.PATH ?? '';
  // User variables first: Lambda's reserved variables cannot be overridden by the function's configuration.
  return {
    PATH: `/usr/local/bin:/usr/bin:/bin:/opt/bin${hostPath ? `:${hostPath}` : ''}`,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...sources.extraEnvironment,
    ...fn.environment,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: sources.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: fn.codeDir,
    LAMBDA_RUNTIME_DIR: runtimesDir,
    _HANDLER: fn.handler,
    AWS_LAMBDA_RUNTIME_API: sources.runtimeApi,
  };
}
