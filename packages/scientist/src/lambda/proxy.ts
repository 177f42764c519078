import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
import type { Invoker } from '../function-invoker.js';
import { ScientistProxy } from '../proxy/scientist-proxy.js';
import { ResultRecorder } from '../results/result-recorder.js';
import { required, storeAndDefinitions } from './function-settings.js';
import { incidentLog, loggedIncidents } from './incident-log.js';

const logger = new Logger({ serviceName: 'scientist-proxy' });
const metrics = new Metrics({ serviceName: 'scientist-proxy' });
const incidents = loggedIncidents(logger, metrics);
let proxy: ScientistProxy | undefined;

/** Times each asynchronous hand-off to the runner: what shadowing costs the client's request. */
function timedHandOffs(invoker: Invoker): Invoker {
  return {
    async invoke(request) {
      if (request.invocationType !== 'Event') return invoker.invoke(request);
      const started = performance.now();
      try {
        return await invoker.invoke(request);
      } finally {
        metrics.addMetric('HandOffDuration', MetricUnit.Milliseconds, performance.now() - started);
      }
    },
  };
}

function createProxy(context: Context): ScientistProxy {
  const { store, definitions } = storeAndDefinitions(context, incidents);
  return new ScientistProxy({
    definitions,
    handOffs: new ResultRecorder({ sink: store }),
    invoker: timedHandOffs(new LambdaInvoker()),
    runnerFunction: required('SCIENTIST_RUNNER'),
    onIncident: incidentLog(logger, metrics),
  });
}

export async function handler(event: unknown, context: Context): Promise<unknown> {
  // Every record carries the request id, cold start, function name, version and memory.
  logger.addContext(context);
  proxy ??= createProxy(context);
  try {
    return await proxy.handle(event);
  } finally {
    metrics.publishStoredMetrics();
  }
}
