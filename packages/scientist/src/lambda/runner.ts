import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { clientTracingFor } from '../aws/client-tracing.js';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import { registerAfterResponse } from '../aws/internal-extension.js';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
import { FLUSH_EVERY_TIME, RUNNER_FLUSH_LIMITS } from '../results/flush-schedule.js';
import { ResultRecorder } from '../results/result-recorder.js';
import { SHARED_HOST_SCHEDULE, separateHostsSchedule } from '../runner/candidate-schedule.js';
import { scientistUrlFor } from '../runner/replay-command.js';
import { RolloutTrigger } from '../runner/rollout-trigger.js';
import { type RunnerReports, RunnerService } from '../runner/runner-service.js';
import { ShadowRunner } from '../runner/shadow-runner.js';
import { required } from './function-settings.js';
import { loggedIncidents } from './incident-log.js';

const logger = new Logger({ serviceName: 'scientist-runner' });
const metrics = new Metrics({ serviceName: 'scientist-runner' });
// Each candidate's and control's invoke, and the store's writes, as X-Ray subsegments, on AWS.
const tracing = await clientTracingFor('scientist-runner');
const invoker = new LambdaInvoker({ tracing });
const store = new DynamoDbStore({ tableName: required('SCIENTIST_TABLE'), tracing });
const incidents = loggedIncidents(logger, metrics);
// The local cloud sets the Lambda endpoint: there every function shares this machine's cores
// (SCIENTIST_SCHEDULE=separate-hosts runs candidates at once anyway, to measure what that costs).
const sharedHost =
  process.env.AWS_ENDPOINT_URL_LAMBDA !== undefined && process.env.SCIENTIST_SCHEDULE !== 'separate-hosts';

/** One EMF document per candidate comparison, dimensioned by experiment and candidate; a log line per difference. */
const reports: RunnerReports = {
  compared({ experiment, requestId, candidate, outcome, candidateMs, controlMs, diff }) {
    metrics.addDimensions({ experiment, candidate });
    metrics.addMetric('Matches', MetricUnit.Count, outcome.matched ? 1 : 0);
    metrics.addMetric('Mismatches', MetricUnit.Count, outcome.mismatched ? 1 : 0);
    metrics.addMetric('Errors', MetricUnit.Count, outcome.errored ? 1 : 0);
    metrics.addMetric('Timeouts', MetricUnit.Count, outcome.timedOut ? 1 : 0);
    if (candidateMs !== undefined)
      metrics.addMetric('CandidateDuration', MetricUnit.Milliseconds, candidateMs);
    if (controlMs !== undefined) metrics.addMetric('ControlDuration', MetricUnit.Milliseconds, controlMs);
    metrics.publishStoredMetrics();
    if (!outcome.matched)
      logger.info('candidate differs from control', {
        experiment,
        requestId,
        candidate,
        outcome: outcome.kind,
        diff,
      });
  },
  notShadowed: (task) => logger.warn('request not shadowed', { ...task }),
};

/**
 * Where the runner shares the client's CPUs (the local cloud), results are written in batches
 * across invocations (decision 11): what is pending when the environment shuts down is written on
 * SIGTERM, which Lambda sends the runtime only when an extension is registered, so the runner
 * registers an internal one there (it holds nothing: the environment is free as soon as the
 * handler returns) and gets 500 ms for the last write. On AWS every invocation writes its own
 * results, so no extension is registered: it would cost an exchange per invocation for nothing.
 */
const extension = sharedHost
  ? await registerAfterResponse({
      runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API,
      name: 'scientist-results',
      onFailure: (operation, error) =>
        incidents.raised('results-extension-failed', error, { context: { operation } }),
    })
  : undefined;
const service = new RunnerService({
  runner: new ShadowRunner({
    invoker,
    schedule: sharedHost
      ? SHARED_HOST_SCHEDULE
      : separateHostsSchedule(Number(process.env.SCIENTIST_CONCURRENCY ?? 8)),
    scientistUrl: (event) =>
      scientistUrlFor(event, {
        configuredUrl: process.env.SCIENTIST_URL,
        localGatewayUrl: process.env.LOCAL_CLOUD_GATEWAY_URL,
        service: required('SCIENTIST_SERVICE'),
        stage: required('SCIENTIST_STAGE'),
      }),
  }),
  recorder: new ResultRecorder({ sink: store }),
  invoker,
  runnerFunction: required('SCIENTIST_RUNNER'),
  incidents,
  reports,
  // Batched where the runner shares the client's CPUs (the local cloud, whose environments never
  // freeze, so the 1 s bound holds). On AWS each environment has its own CPU, and a frozen one's
  // batch would wait for its next invocation or its shutdown: minutes, at the end of traffic. Without
  // the extension there is no SIGTERM either. Then every invocation writes its own results.
  flushLimits: extension ? RUNNER_FLUSH_LIMITS : FLUSH_EVERY_TIME,
  ...(process.env.SCIENTIST_ROLLOUTS
    ? {
        rollouts: new RolloutTrigger({
          invoker,
          claims: store,
          evaluatorFunction: process.env.SCIENTIST_ROLLOUTS,
          incidents,
        }),
      }
    : {}),
});

/** Incidents counted so far whose metrics are published; writes between invocations raise some too. */
let published = 0;
function publishIncidents(): void {
  if (incidents.total === published) return;
  published = incidents.total;
  metrics.publishStoredMetrics();
}

process.once('SIGTERM', () => {
  void service.drain().finally(() => {
    publishIncidents();
    process.exit(0);
  });
});

/** Invoked asynchronously by the proxy, once per sampled request; never throws (see RunnerService). */
export async function handler(task: unknown, context?: Context): Promise<void> {
  // Every record carries the Lambda context and the experiment it is about.
  if (context) logger.addContext(context);
  logger.removeKeys(['experiment']);
  const experiment = (task as { experiment?: unknown } | null)?.experiment;
  if (typeof experiment === 'string') logger.appendKeys({ experiment });
  try {
    await service.handle(task);
  } finally {
    extension?.returned();
  }
  // Comparisons publish their own documents; what is left is the incidents' counts.
  publishIncidents();
}
