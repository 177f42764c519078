import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { DashboardFiles } from '../api/dashboard-files.js';
import { API_PREFIX, DataApi } from '../api/data-api.js';
import { readGatewayRequest } from '../api-gateway-event.js';
import { clientTracingFor } from '../aws/client-tracing.js';
import { ResultsQuery } from '../results/results-query.js';
import { RolloutService } from '../rollout/rollout-service.js';
import { placeholderEnv, storeAndDefinitions } from './function-settings.js';
import { loggedIncidents } from './incident-log.js';

const logger = new Logger({ serviceName: 'scientist-api' });
const metrics = new Metrics({ serviceName: 'scientist-api' });
const incidents = loggedIncidents(logger, metrics);
let api: DataApi | undefined;
const tracing = await clientTracingFor('scientist-api');
const dashboard = new DashboardFiles(fileURLToPath(new URL('../dashboard/', import.meta.url)));

/** The token from `SCIENTIST_API_TOKEN` (local cloud) or the deployment's secret (AWS), read once. */
function tokenSource(): () => Promise<string | undefined> {
  let token: Promise<string | undefined> | undefined;
  return () => {
    token ??= (async () => {
      if (process.env.SCIENTIST_API_TOKEN) return process.env.SCIENTIST_API_TOKEN;
      const secretId = process.env.SCIENTIST_API_TOKEN_SECRET;
      if (!secretId) return undefined;
      const client = tracing(new SecretsManagerClient({}));
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
      } catch (error) {
        incidents.raised('token-secret-unreadable', error);
        token = undefined;
        return undefined;
      } finally {
        client.destroy();
      }
    })();
    return token;
  };
}

function createApi(context: Context): DataApi {
  const { store, definitions } = storeAndDefinitions(context, incidents, tracing);
  // Set by the local cloud's deployment when its gateway listens on loopback only; a caller
  // cannot set it (docs/reference/security.md). There is no secret to look up there.
  const openWithoutToken = process.env.LOCAL_CLOUD_LOOPBACK_ONLY === 'true';
  return new DataApi({
    definitions,
    results: new ResultsQuery(store),
    token: openWithoutToken && !process.env.SCIENTIST_API_TOKEN ? async () => undefined : tokenSource(),
    openWithoutToken,
    history: async () =>
      (await store.definitionHistory()).map(({ version, uploadedAt, origin }) => ({
        version,
        uploadedAt: new Date(uploadedAt).toISOString(),
        origin,
      })),
    rollout: (experimentId) =>
      new RolloutService({ store, env: placeholderEnv(context) }).status(experimentId),
  });
}

export async function handler(event: unknown, context: Context) {
  logger.addContext(context);
  const { path } = readGatewayRequest(event);
  if (!path.startsWith(`${API_PREFIX}/`)) return dashboard.serve(path.replace(/^_scientist\/?/, ''));
  api ??= createApi(context);
  const before = incidents.total;
  try {
    return await api.handle(event);
  } catch (error) {
    incidents.raised('data-api-failed', error);
    return {
      statusCode: 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `the results store could not answer: ${(error as Error).message}` }),
    };
  } finally {
    // Most requests raise nothing: publish only the incidents' counts, when there are any.
    if (incidents.total > before) metrics.publishStoredMetrics();
  }
}
