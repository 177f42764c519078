import {
  type Experiment,
  ExperimentConfigError,
  type ExperimentDefinitions,
  formatProblem,
  parseExperiments,
  parseLambdaFunction,
  servingUnderRollout,
} from '@serverless-scientist/core';
import type { DefinitionStore } from './definition-store.js';
import type { LoadedDefinitions } from './proxy/definition-cache.js';
import type { RolloutStore } from './rollout/rollout-store.js';
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
 * version that does not parse throws, so the cache keeps the last good one. With `rollouts`, each
 * experiment is served as its rollout says (the step's share, a rollback's 0%, the old control's
 * time after a promotion), read in the same refresh so that both change together.
 *
 * Until the store has answered once, a read may take `firstTimeoutMs`: before that the proxy has no
 * good version of its own, only the deployed experiments.yaml, which can be older than the upload
 * (a path it does not know answers as an unknown route). A slow store on a busy machine's cold start
 * then costs that client some time, not a wrong answer. Later reads keep the version they have.
 */
export function storeDefinitionLoader(
  store: Pick<DefinitionStore, 'currentDefinition'> & Partial<Pick<RolloutStore, 'rollouts'>>,
  env: PlaceholderEnv,
  options: { timeoutMs?: number; firstTimeoutMs?: number; now?: () => number } = {},
): () => Promise<LoadedDefinitions | undefined> {
  const now = options.now ?? Date.now;
  // The store is read every few seconds by every proxy environment, and mostly answers with the
  // version it answered before: that one is parsed once (and keeps its experiments' identity).
  let parsed: { version: number; source: string; experiments: readonly Experiment[] } | undefined;
  let answered = false;
  return async () => {
    const timeoutMs = answered ? (options.timeoutMs ?? 1000) : (options.firstTimeoutMs ?? 3000);
    const abortSignal = AbortSignal.timeout(timeoutMs);
    const [stored, rollouts] = await Promise.all([
      store.currentDefinition({ abortSignal }),
      store.rollouts ? store.rollouts({ abortSignal }) : [],
    ]);
    answered = true;
    if (!stored) return undefined;
    if (parsed?.version !== stored.version || parsed.source !== stored.source) {
      const definitions = parseDefinitions(stored.source, env, `stored version ${stored.version}`);
      parsed = { version: stored.version, source: stored.source, experiments: definitions.experiments };
    }
    const inForce = new Map(rollouts.map((rollout) => [rollout.experiment, rollout]));
    const at = now();
    const experiments = parsed.experiments.map((experiment) => {
      const rollout = inForce.get(experiment.id);
      return rollout ? servingUnderRollout(experiment, rollout, at) : experiment;
    });
    return { version: stored.version, experiments };
  };
}

/** The account id out of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export function accountIdOf(functionArn: string | undefined): string | undefined {
  const account = functionArn === undefined ? undefined : parseLambdaFunction(functionArn)?.accountId;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
