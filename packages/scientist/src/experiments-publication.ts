import { type Experiment, formatProblem, parseExperiments } from '@serverless-scientist/core';
import type { PlaceholderEnv } from './definition-source.js';
import type { DefinitionStore, StoredDefinition } from './definition-store.js';
import { isScientistFunction } from './scientist-functions.js';

/**
 * The largest experiments file one stored version holds: DynamoDB's 400 KB item limit, less 1 KB
 * for the item's keys and other attributes.
 */
export const MAX_DEFINITION_BYTES = 400 * 1024 - 1024;

export type ExperimentsCheck =
  | { readonly ok: true; readonly experiments: readonly Experiment[]; readonly source: string }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface CheckOptions {
  /** Placeholder values, as the proxy will fill them in (`placeholderEnvFor`). */
  readonly env?: PlaceholderEnv;
  /** The functions deployed where the file goes, when that could be asked. */
  readonly deployedFunctions?: ReadonlySet<string>;
}

/**
 * Validates an experiments file (text or bytes, which must be UTF-8) as the proxy will read it;
 * problems read `file:line:col: message`. `validate` and `upload` both run exactly this.
 */
export function checkExperiments(
  source: string | Uint8Array,
  file = 'experiments.yaml',
  options: CheckOptions = {},
): ExperimentsCheck {
  const bytes = typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength;
  if (bytes > MAX_DEFINITION_BYTES) {
    return {
      ok: false,
      problems: [
        `${file}:1:1: the file is ${bytes} bytes; a stored version holds at most ${MAX_DEFINITION_BYTES} (DynamoDB's 400 KB item limit)`,
      ],
    };
  }
  const result = parseExperiments(source, {
    file,
    isOwnFunction: isScientistFunction,
    ...(options.env ? { env: options.env } : {}),
    ...(options.deployedFunctions ? { deployedFunctions: options.deployedFunctions } : {}),
  });
  if (!result.ok) return { ok: false, problems: result.problems.map(formatProblem) };
  const text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
  return { ok: true, experiments: result.definitions.experiments, source: text };
}

/**
 * Publishes an experiments file as the next version, only when it is valid: a broken file is
 * refused here, and even one written around this check never replaces the proxy's last good one.
 */
export async function publishExperiments(
  store: Pick<DefinitionStore, 'publishDefinition'>,
  source: string | Uint8Array,
  options: { file?: string; origin?: string } & CheckOptions = {},
): Promise<{ check: ExperimentsCheck; published?: StoredDefinition }> {
  const check = checkExperiments(source, options.file, options);
  if (!check.ok) return { check };
  return { check, published: await store.publishDefinition(check.source, options.origin ?? 'upload') };
}
