import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import type { ClientTracing } from '../aws/client-tracing.js';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import {
  accountIdOf,
  type PlaceholderEnv,
  parseDefinitions,
  storeDefinitionLoader,
} from '../definition-source.js';
import type { Incidents } from '../incidents.js';
import { DefinitionCache, type LoadedDefinitions } from '../proxy/definition-cache.js';

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

/**
 * The store and the experiment definitions as every handler reads them: uploaded versions from the
 * store through a short cache (`SCIENTIST_DEFINITIONS_MAX_AGE_MS`), the deployed experiments.yaml
 * until one exists, and the last good version kept when a newer one is broken.
 */
export function storeAndDefinitions(
  context: Pick<Context, 'invokedFunctionArn'>,
  incidents: Incidents,
  tracing?: ClientTracing,
): { store: DynamoDbStore; definitions: DefinitionCache } {
  const env = placeholderEnv(context);
  const store = new DynamoDbStore({
    tableName: required('SCIENTIST_TABLE'),
    ...(tracing ? { tracing } : {}),
  });
  let fallback: LoadedDefinitions | undefined;
  try {
    fallback = deployedDefinitions(env);
  } catch (error) {
    incidents.raised('deployed-definitions-invalid', error);
  }
  const definitions = new DefinitionCache(storeDefinitionLoader(store, env), {
    maxAgeMs: Number(process.env.SCIENTIST_DEFINITIONS_MAX_AGE_MS ?? 2000),
    ...(fallback ? { fallback } : {}),
    onProblem: (problem) =>
      incidents.raised('definitions-kept', problem.message, { context: { at: problem.at } }),
  });
  return { store, definitions };
}
