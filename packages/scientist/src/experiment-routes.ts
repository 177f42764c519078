import type { Experiment } from './core-api.js';
import { trimSlashes } from './proxy/gateway-request.js';

/**
 * Finds the experiment serving a path and method, as API Gateway would pick a route. A disabled
 * experiment still routes to its control; it only stops shadowing.
 */
export function experimentFor(
  experiments: readonly Experiment[],
  path: string,
  method: string,
): Experiment | undefined {
  const wanted = trimSlashes(path);
  return experiments.find(
    (experiment) =>
      trimSlashes(experiment.path) === wanted &&
      (experiment.methods.length === 0 ||
        experiment.methods.some((allowed) => allowed === 'ANY' || allowed.toUpperCase() === method)),
  );
}
