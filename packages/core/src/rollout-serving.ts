import type { Experiment } from './experiment.js';
import { type RolloutState, rolloutPlanKey } from './rollout.js';
import type { ServePlan } from './serving-decision.js';

/** A rollout as the proxy needs it: its state, the plan it belongs to, and a promotion's tail. */
export interface RolloutInForce {
  readonly planKey: string;
  readonly state: RolloutState;
  /** After a promotion: the former control, now a candidate, shadows until this time (epoch ms). */
  readonly oldControl?: { readonly candidateId: string; readonly untilMs: number };
}

/**
 * The experiment as the proxy serves it under its rollout. Running or paused, the step's share
 * replaces the file's canary percent for the rollout's candidate (its targeting rules stay);
 * rolled back or aborted, that share is 0; pending, the file stands. A state that belongs to an
 * older plan counts as pending until the evaluator restarts it. After a promotion the former
 * control shadows for `keepOldControl`, then stops.
 */
export function servingUnderRollout(
  experiment: Experiment,
  rollout: RolloutInForce,
  nowMs: number,
): Experiment {
  const { state, oldControl } = rollout;
  if (oldControl && nowMs >= oldControl.untilMs) {
    const index = experiment.candidates.findIndex((candidate) => candidate.id === oldControl.candidateId);
    if (index >= 0 && experiment.candidates[index]!.enabled) {
      const candidates = experiment.candidates.map((candidate, at) =>
        at === index ? Object.freeze({ ...candidate, enabled: false }) : candidate,
      );
      return Object.freeze({ ...experiment, candidates: Object.freeze(candidates) });
    }
    return experiment;
  }
  const plan = experiment.rollout;
  if (!plan || rollout.planKey !== rolloutPlanKey(experiment)) return experiment;
  const percent =
    state.state === 'running' || state.state === 'paused'
      ? state.percent
      : state.state === 'rolled-back' || state.state === 'aborted'
        ? 0
        : undefined;
  if (percent === undefined) return experiment;
  const existing = experiment.serve.find((entry) => entry.candidateId === plan.candidate);
  const serve: ServePlan[] = existing
    ? experiment.serve.map((entry) => (entry === existing ? Object.freeze({ ...entry, percent }) : entry))
    : [...experiment.serve, Object.freeze({ candidateId: plan.candidate, when: Object.freeze([]), percent })];
  return Object.freeze({ ...experiment, serve: Object.freeze(serve) });
}
