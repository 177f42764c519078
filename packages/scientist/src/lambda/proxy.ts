import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { clientTracingFor } from '../aws/client-tracing.js';
import { registerAfterResponse } from '../aws/internal-extension.js';
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
// The invokes of the control and the hand-offs to the runner as X-Ray subsegments, on AWS.
const tracing = await clientTracingFor('scientist-proxy');

/**
 * The hand-off after the answer (decision 10): an internal extension registered at init, before
 * the runtime asks for its first invocation. `SCIENTIST_HAND_OFF=awaited` turns it off: the
 * proxy then awaits each hand-off before it answers, as it does wherever no Extensions API answers.
 */
const afterResponse =
  process.env.SCIENTIST_HAND_OFF === 'awaited'
    ? undefined
    : await registerAfterResponse({
        runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API,
        name: 'scientist-hand-off',
        onFailure: (operation, error) =>
          incidents.raised('hand-off-extension-failed', error, { context: { operation } }),
      });

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
  const { store, definitions } = storeAndDefinitions(context, incidents, tracing);
  return new ScientistProxy({
    definitions,
    handOffs: new ResultRecorder({ sink: store }),
    invoker: timedHandOffs(new LambdaInvoker({ tracing })),
    runnerFunction: required('SCIENTIST_RUNNER'),
    onIncident: incidentLog(logger, metrics),
    ...(afterResponse ? { afterAnswer: afterResponse } : {}),
  });
}

// On SIGTERM (Lambda sends it because the extension is registered) the pending hand-off counts
// are written before the environment goes: they wait up to a second between writes (decision 11).
process.once('SIGTERM', () => {
  void (proxy?.drain() ?? Promise.resolve()).finally(() => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    process.exit(0);
  });
});

export async function handler(event: unknown, context: Context): Promise<unknown> {
  // Every record carries the request id, cold start, function name, ARN and memory.
  logger.addContext(context);
  try {
    proxy ??= createProxy(context);
    return await proxy.handle(event);
  } finally {
    afterResponse?.returned();
    // Held, the hand-off's own figures come after this: published with a later invocation's.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
