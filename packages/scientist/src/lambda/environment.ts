import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { accountIdOf, type PlaceholderEnv, parseDefinitions } from '../definition-source.js';
import type { LoadedDefinitions } from '../proxy/definition-cache.js';

/** A setting the handlers cannot run without; a missing one is a deployment mistake, named here. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`environment variable ${name} is not set; serverless.yml sets it for every function`);
  return value;
}

/**
 * Placeholder values for experiment ARNs: the region from Lambda's environment, the account from
 * the function's own ARN (so packaging needs no AWS credentials to look it up).
 */
export function placeholderEnv(context: Pick<Context, 'invokedFunctionArn'>): PlaceholderEnv {
  return {
    ...process.env,
    AWS_ACCOUNT_ID: process.env.AWS_ACCOUNT_ID ?? accountIdOf(context.invokedFunctionArn),
  };
}

/**
 * The experiments.yaml deployed beside the handlers: what the proxy routes by until the store has
 * an uploaded version (or while the store cannot be reached on a cold start).
 */
export function deployedDefinitions(env: PlaceholderEnv): LoadedDefinitions | undefined {
  let source: string;
  try {
    source = readFileSync(new URL('../../experiments.yaml', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
  return { version: 0, experiments: parseDefinitions(source, env, 'deployed experiments.yaml').experiments };
}
