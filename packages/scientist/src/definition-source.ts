import {
  ExperimentConfigError,
  type ExperimentDefinitions,
  formatProblem,
  parseExperiments,
  parseLambdaFunction,
} from '@serverless-scientist/core';
import type { DefinitionStore } from './definition-store.js';
import type { LoadedDefinitions } from './proxy/definition-cache.js';
import { isScientistFunction } from './scientist-functions.js';

/** Where placeholders in an experiments file (`{AWSREGION}`, `{AWSACCOUNT_ID}`) are filled from. */
export type PlaceholderEnv = Readonly<Record<string, string | undefined>>;

/** Parses an experiments file, throwing the core's ExperimentConfigError, whose problems carry line:col. */
export function parseDefinitions(
  source: string,
  env: PlaceholderEnv,
  file = 'experiments.yaml',
): ExperimentDefinitions {
  const result = parseExperiments(source, { file, env, isOwnFunction: isScientistFunction });
  if (!result.ok) {
    const [first] = result.problems.map(formatProblem);
    throw new ExperimentConfigError(result.problems, { message: `${file} is not valid: ${first}` });
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
  // The store is read every few seconds by every proxy environment, and mostly answers with the
  // version it answered before: that one is parsed once (and keeps its experiments' identity).
  let last: { source: string; loaded: LoadedDefinitions } | undefined;
  return async () => {
    const stored = await store.currentDefinition({
      abortSignal: AbortSignal.timeout(options.timeoutMs ?? 1000),
    });
    if (!stored) return undefined;
    if (last && last.loaded.version === stored.version && last.source === stored.source) return last.loaded;
    const definitions = parseDefinitions(stored.source, env, `stored version ${stored.version}`);
    const loaded = { version: stored.version, experiments: definitions.experiments };
    last = { source: stored.source, loaded };
    return loaded;
  };
}

/** The account id out of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export function accountIdOf(functionArn: string | undefined): string | undefined {
  const account = functionArn === undefined ? undefined : parseLambdaFunction(functionArn)?.accountId;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
