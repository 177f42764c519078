import type { LocalCloud } from './cloud-contract.js';
import type { AdminHandler } from './gateway/api-gateway.js';
import { incidents } from './incidents.js';

/**
 * The local cloud's own API, under `/_local-cloud/` on the gateway port, which the CLI talks to:
 *   GET  /status       → LocalCloudStatus
 *   GET  /services     → DeployedService[]
 *   GET  /incidents    → IncidentReport (internal failures: how many, the latest few)
 *   POST /deployments  {dir, stage?, build?} → DeployedService (201), or {message} (400)
 *   POST /shutdown     → 202, then the cloud stops
 */
export function adminHandler(cloud: LocalCloud, shutdown: () => void): AdminHandler {
  return async (method, path, body) => {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /status':
        return { statusCode: 200, body: cloud.status() };
      case 'GET /services':
        return { statusCode: 200, body: cloud.services() };
      case 'GET /incidents':
        return { statusCode: 200, body: incidents.report() };
      case 'POST /deployments': {
        let request: { dir?: unknown; stage?: unknown; build?: unknown };
        try {
          request = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          return { statusCode: 400, body: { message: 'the body must be JSON: {"dir": "…", "stage": "…"}' } };
        }
        if (typeof request.dir !== 'string') {
          return { statusCode: 400, body: { message: 'dir (the service directory) is required' } };
        }
        try {
          const deployed = await cloud.deploy(request.dir, {
            ...(typeof request.stage === 'string' ? { stage: request.stage } : {}),
            ...(request.build === false ? { build: false } : {}),
          });
          return { statusCode: 201, body: deployed };
        } catch (error) {
          return { statusCode: 400, body: { message: (error as Error).message } };
        }
      }
      case 'POST /shutdown':
        setImmediate(shutdown);
        return { statusCode: 202, body: { message: 'stopping' } };
      default:
        return { statusCode: 404, body: { message: `no admin operation ${route}` } };
    }
  };
}
