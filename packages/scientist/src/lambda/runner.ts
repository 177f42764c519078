import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import { LambdaInvoker } from '../aws/lambda-invoker.js';
import type { RequestRecord } from '../results/request-record.js';
import { ResultRecorder } from '../results/result-recorder.js';
import { SHARED_HOST_SCHEDULE, separateHostsSchedule } from '../runner/candidate-schedule.js';
import { scientistUrlFor } from '../runner/replay-command.js';
import { ShadowRunner } from '../runner/shadow-runner.js';
import type { RunnerTask } from '../runner/shadow-task.js';
import { handOffPending, retryDelayMs } from '../runner/store-retry.js';
import { required } from './environment.js';

const logger = new Logger({ serviceName: 'scientist-runner' });
const metrics = new Metrics({ serviceName: 'scientist-runner' });
const store = new DynamoDbStore({ tableName: required('SCIENTIST_TABLE') });
const recorder = new ResultRecorder({ sink: store });
const invoker = new LambdaInvoker();
const runnerFunction = required('SCIENTIST_RUNNER');
// The local cloud sets the Lambda endpoint: there every function shares this machine's cores
// (SCIENTIST_SCHEDULE=separate-hosts runs candidates at once anyway, to measure what that costs).
const sharedHost =
  process.env.AWS_ENDPOINT_URL_LAMBDA !== undefined && process.env.SCIENTIST_SCHEDULE !== 'separate-hosts';
const runner = new ShadowRunner({
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
});

/** One EMF document per candidate comparison, dimensioned by experiment and candidate. */
function publishComparisons(record: RequestRecord): void {
  const controlMs = record.control.durations.functionMs ?? record.control.durations.clientMs;
  for (const run of record.candidates) {
    metrics.addDimensions({ experiment: record.experiment, candidate: run.observation.variantId });
    metrics.addMetric('Matches', MetricUnit.Count, run.outcome === 'match' ? 1 : 0);
    metrics.addMetric('Mismatches', MetricUnit.Count, run.outcome === 'mismatch' ? 1 : 0);
    metrics.addMetric('Errors', MetricUnit.Count, run.outcome === 'error' ? 1 : 0);
    metrics.addMetric('Timeouts', MetricUnit.Count, run.outcome === 'timeout' ? 1 : 0);
    const candidateMs = run.observation.durations.functionMs ?? run.observation.durations.clientMs;
    if (candidateMs !== undefined)
      metrics.addMetric('CandidateDuration', MetricUnit.Milliseconds, candidateMs);
    if (controlMs !== undefined) metrics.addMetric('ControlDuration', MetricUnit.Milliseconds, controlMs);
    metrics.publishStoredMetrics();
  }
}

/**
 * Invoked asynchronously by the proxy, once per sampled request. Never throws: a failed run
 * would be retried by Lambda and run candidates twice; failures are logged and counted instead.
 */
export async function handler(task: RunnerTask, context?: Context): Promise<void> {
  // Every record carries the Lambda context and the experiment it is about.
  if (context) logger.addContext(context);
  logger.removeKeys(['experiment']);
  if ('experiment' in task && typeof task.experiment === 'string')
    logger.appendKeys({ experiment: task.experiment });
  try {
    if (task.kind === 'store-retry') {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(task.attempt)));
      recorder.restore(task.pending);
    } else if (task.kind === 'skipped') {
      recorder.countSkipped(task.experiment, task.receivedAt);
      logger.warn('request not shadowed', { ...task });
    } else {
      const record = await runner.run(task);
      recorder.record(record);
      publishComparisons(record);
      for (const run of record.candidates) {
        if (run.outcome !== 'match') {
          logger.info('candidate differs from control', {
            experiment: record.experiment,
            requestId: record.requestId,
            candidate: run.observation.variantId,
            outcome: run.outcome,
            diff: run.diff ?? run.observation.error?.message,
          });
        }
      }
    }
  } catch (error) {
    logger.error('shadow run failed', error as Error);
  }
  const report = await recorder.flush();
  if (!report.error && report.droppedItems === 0) return;
  const handOff = recorder.hasPending
    ? await handOffPending(
        recorder,
        invoker,
        runnerFunction,
        task.kind === 'store-retry' ? task : undefined,
        Date.now(),
      )
    : undefined;
  logger.error('results not stored yet', { ...report, error: report.error?.message, handOff });
  metrics.addMetric('ResultsPending', MetricUnit.Count, report.pendingItems);
  metrics.addMetric(
    'ResultsDropped',
    MetricUnit.Count,
    report.droppedItems + (handOff?.kind === 'handed-off' ? handOff.droppedItems : 0),
  );
  if (handOff?.kind === 'lost')
    metrics.addMetric('ResultAggregatesLost', MetricUnit.Count, handOff.increments);
  metrics.publishStoredMetrics();
}
