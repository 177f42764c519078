import type { RolloutStateName } from '@serverless-scientist/core';
import type { StoredRollout } from './rollout-store.js';

/** A rollout in a results summary: where it stands and its last change (the whole story is `rollout status`). */
export interface RolloutSummary {
  readonly candidate: string;
  readonly state: RolloutStateName;
  readonly step: number;
  readonly steps: readonly number[];
  readonly percent: number;
  readonly lastChange: { readonly at: string; readonly reason: string } | null;
}

export function rolloutSummaryOf(stored: StoredRollout): RolloutSummary {
  const last = stored.state.history.at(-1);
  return {
    candidate: stored.plan.candidate,
    state: stored.state.state,
    step: stored.state.step,
    steps: stored.plan.steps,
    percent: stored.state.percent,
    lastChange: last ? { at: last.at, reason: last.reason } : null,
  };
}
