import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
import { storeDefinitionLoader } from '../definition-source.js';
import { DefinitionCache } from '../proxy/definition-cache.js';
import { ScientistProxy } from '../proxy/scientist-proxy.js';
import { deployedDefinitions, placeholderEnv, required } from './environment.js';

const logger = new Logger({ serviceName: 'scientist-proxy' });
let proxy: ScientistProxy | undefined;

function createProxy(context: Context): ScientistProxy {
  const env = placeholderEnv(context);
  const store = new DynamoDbStore({ tableName: required('SCIENTIST_TABLE') });
  let fallback: ReturnType<typeof deployedDefinitions>;
  try {
    fallback = deployedDefinitions(env);
  } catch (error) {
    logger.error(
      'the deployed experiments.yaml is not valid; routing only by uploaded versions',
      error as Error,
    );
  }
  const definitions = new DefinitionCache(storeDefinitionLoader(store, env), {
    maxAgeMs: Number(process.env.SCIENTIST_DEFINITIONS_MAX_AGE_MS ?? 2000),
    ...(fallback ? { fallback } : {}),
    onProblem: (problem) => logger.error('kept the last good experiment definitions', { ...problem }),
  });
  return new ScientistProxy({
    definitions,
    invoker: new LambdaInvoker(),
    runnerFunction: required('SCIENTIST_RUNNER'),
    onIncident: (incident) => logger.warn('shadowing skipped for a request', { ...incident }),
  });
}

export async function handler(event: unknown, context: Context): Promise<unknown> {
  proxy ??= createProxy(context);
  return proxy.handle(event);
}
