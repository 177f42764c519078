import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { clientTracingFor } from '../aws/client-tracing.js';
import { DynamoDbStore } from '../aws/dynamodb-store.js';
import { RolloutService } from '../rollout/rollout-service.js';
import { placeholderEnv, required } from './function-settings.js';
import { loggedIncidents } from './incident-log.js';

const logger = new Logger({ serviceName: 'scientist-rollouts' });
const metrics = new Metrics({ serviceName: 'scientist-rollouts' });
const incidents = loggedIncidents(logger, metrics);
let service: RolloutService | undefined;
const tracing = await clientTracingFor('scientist-rollouts');

/**
 * Evaluates rollouts: one experiment's when the runner finds it due (`{ "experiment": id }`,
 * invoked asynchronously), every experiment's on the schedule, the backstop for quiet traffic.
 * Never throws: an evaluation that fails leaves the rollout as it was, and the next one tries again.
 */
export async function handler(event: unknown, context: Context): Promise<void> {
  logger.addContext(context);
  service ??= new RolloutService({
    store: new DynamoDbStore({ tableName: required('SCIENTIST_TABLE'), tracing }),
    env: placeholderEnv(context),
  });
  const experiment = (event as { experiment?: unknown } | null)?.experiment;
  const before = incidents.total;
  try {
    const statuses =
      typeof experiment === 'string' ? [await service.evaluate(experiment)] : await service.evaluateAll();
    for (const status of statuses) {
      const last = status.history.at(-1);
      logger.info('rollout evaluated', {
        experiment: status.experiment,
        state: status.state,
        step: status.step,
        percent: status.percent,
        ...(last ? { lastChange: last.reason, lastChangeAt: last.at } : {}),
      });
    }
  } catch (error) {
    incidents.raised('rollout-evaluation-failed', error, {
      context: typeof experiment === 'string' ? { experiment } : {},
    });
  } finally {
    if (incidents.total > before) metrics.publishStoredMetrics();
  }
}
