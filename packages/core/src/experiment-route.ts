import type { Experiment } from './experiment.js';

/** A path as routes are written: no leading or trailing slashes. */
export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * The path as API Gateway matches routes: percent-escapes decoded (`%72ound` is `round`), segment
 * by segment so an escaped `/` stays inside its segment. A malformed escape is left as written:
 * it matches no experiment, as it matches no route.
 */
export function decodedPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** Whether an experiment takes requests with this method (`ANY` takes all; no methods listed, too). */
export function routesMethod(experiment: Experiment, method: string): boolean {
  const wanted = method.toUpperCase();
  return (
    experiment.methods.length === 0 ||
    experiment.methods.some((allowed) => allowed === 'ANY' || allowed.toUpperCase() === wanted)
  );
}

/**
 * The experiment serving a path and method, as API Gateway would pick a route. A disabled
 * experiment still routes to its control; it only stops shadowing.
 */
export function experimentFor(
  experiments: readonly Experiment[],
  path: string,
  method: string,
): Experiment | undefined {
  const wanted = decodedPath(trimSlashes(path));
  return experiments.find(
    (experiment) => trimSlashes(experiment.path) === wanted && routesMethod(experiment, method),
  );
}
