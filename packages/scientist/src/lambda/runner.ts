import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { clientTracingFor } from '../aws/client-tracing.js';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
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

/** Invoked asynchronously by the proxy, once per sampled request; never throws (see RunnerService). */
export async function handler(task: unknown, context?: Context): Promise<void> {
  // Every record carries the Lambda context and the experiment it is about.
  if (context) logger.addContext(context);
  logger.removeKeys(['experiment']);
  const experiment = (task as { experiment?: unknown } | null)?.experiment;
  if (typeof experiment === 'string') logger.appendKeys({ experiment });
  const before = incidents.total;
  await service.handle(task);
  // Comparisons publish their own documents; what is left is the incidents' counts.
  if (incidents.total > before) metrics.publishStoredMetrics();
}
