import { type ExperimentDefinitions, formatProblem, parseExperiments } from '@serverless-scientist/core';
import type { DefinitionStore } from './definition-store.js';
import { DefinitionError } from './errors.js';
import type { LoadedDefinitions } from './proxy/definition-cache.js';
import { isScientistFunction } from './scientist-functions.js';

/** Where placeholders in an experiments file (`{AWSREGION}`, `{AWSACCOUNT_ID}`) are filled from. */
export type PlaceholderEnv = Readonly<Record<string, string | undefined>>;

/** Parses an experiments file, throwing a DefinitionError whose problems carry line:col. */
export function parseDefinitions(
  source: string,
  env: PlaceholderEnv,
  file = 'experiments.yaml',
): ExperimentDefinitions {
  const result = parseExperiments(source, { file, env, isOwnFunction: isScientistFunction });
  if (!result.ok) {
    const problems = result.problems.map(formatProblem);
    throw new DefinitionError(`${file} is not valid: ${problems[0]}`, problems);
  }
  return result.definitions;
}

/**
 * Loads the current definitions from the store; undefined when none was ever uploaded. A stored
 * version that does not parse throws, so the cache keeps the last good one.
 */
export function storeDefinitionLoader(
  store: Pick<DefinitionStore, 'currentDefinition'>,
  env: PlaceholderEnv,
  options: { timeoutMs?: number } = {},
): () => Promise<LoadedDefinitions | undefined> {
  return async () => {
    const stored = await store.currentDefinition({
      abortSignal: AbortSignal.timeout(options.timeoutMs ?? 1000),
    });
    if (!stored) return undefined;
    const definitions = parseDefinitions(stored.source, env, `stored version ${stored.version}`);
    return { version: stored.version, experiments: definitions.experiments };
  };
}

/** The account id out of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export function accountIdOf(functionArn: string | undefined): string | undefined {
  const account = functionArn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
