import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
import { ScientistProxy } from '../proxy/scientist-proxy.js';
import { ResultRecorder } from '../results/result-recorder.js';
import { required, storeAndDefinitions } from './environment.js';

const logger = new Logger({ serviceName: 'scientist-proxy' });
let proxy: ScientistProxy | undefined;

function createProxy(context: Context): ScientistProxy {
  const { store, definitions } = storeAndDefinitions(context, logger);
  return new ScientistProxy({
    definitions,
    handOffs: new ResultRecorder({ sink: store }),
    invoker: new LambdaInvoker(),
    runnerFunction: required('SCIENTIST_RUNNER'),
    // Not `message`: the Powertools logger would drop it for its own.
    onIncident: ({ message, ...incident }) =>
      logger.warn('shadowing skipped for a request', { ...incident, reason: message }),
  });
}

export async function handler(event: unknown, context: Context): Promise<unknown> {
  proxy ??= createProxy(context);
  return proxy.handle(event);
}
