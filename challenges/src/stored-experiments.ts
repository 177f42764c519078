import { type Experiment, loadExperiments } from '@serverless-scientist/core';
import type { CheckTarget } from './check-target.js';

/** The experiments the scientist serves now: the latest uploaded version in the store. */
export async function storedExperiments(
  target: CheckTarget,
): Promise<{ version: number; experiments: readonly Experiment[] } | undefined> {
  let current: Awaited<ReturnType<ReturnType<CheckTarget['store']>['currentDefinition']>>;
  try {
    current = await target.store().currentDefinition();
  } catch (error) {
    // Before the scientist is deployed its table does not exist: nothing is uploaded yet.
    if (((error as Error).cause as Error | undefined)?.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  if (!current) return undefined;
  const { experiments } = loadExperiments(current.source, { file: `stored version ${current.version}` });
  return { version: current.version, experiments };
}

/** The stored experiment whose path is the function's (`round`, `sort`, …). */
export async function storedExperimentFor(
  target: CheckTarget,
  path: string,
): Promise<Experiment | undefined> {
  return (await storedExperiments(target))?.experiments.find((experiment) => experiment.path === path);
}
