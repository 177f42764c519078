import type { DynamoDbStore, StoredDefinition } from './aws/dynamodb-store.js';
import { type Experiment, formatProblem, parseExperiments } from './core-api.js';

export type ExperimentsCheck =
  | { readonly ok: true; readonly experiments: readonly Experiment[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Validates an experiments file's text; problems read `file:line:col: message`. */
export function checkExperiments(source: string, file = 'experiments.yaml'): ExperimentsCheck {
  const result = parseExperiments(source, { file });
  return result.ok
    ? { ok: true, experiments: result.definitions.experiments }
    : { ok: false, problems: result.problems.map(formatProblem) };
}

/**
 * Publishes an experiments file as the next version, only when it is valid: a broken file is
 * refused here, and even one written around this check never replaces the proxy's last good one.
 */
export async function publishExperiments(
  store: Pick<DynamoDbStore, 'publishDefinition'>,
  source: string,
  options: { file?: string; origin?: string } = {},
): Promise<{ check: ExperimentsCheck; published?: StoredDefinition }> {
  const check = checkExperiments(source, options.file);
  if (!check.ok) return { check };
  return { check, published: await store.publishDefinition(source, options.origin ?? 'upload') };
}
