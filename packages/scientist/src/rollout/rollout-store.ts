import type { RolloutPlan, RolloutState } from '@serverless-scientist/core';

/** One experiment's rollout as stored: its state, the plan it belongs to, and a promotion's tail. */
export interface StoredRollout {
  readonly experiment: string;
  /** The core's `rolloutPlanKey` of the plan this state belongs to. */
  readonly planKey: string;
  /** The plan itself, so that a rollout can still be shown once a promotion removed it from the file. */
  readonly plan: RolloutPlan;
  readonly state: RolloutState;
  /** After a promotion: the former control (now a candidate) shadows until `untilMs`. */
  readonly oldControl?: { readonly candidateId: string; readonly untilMs: number };
  /** The definitions version that made the promotion, once it is published. */
  readonly promotedVersion?: number;
}

/**
 * Where rollouts live, one per experiment. A write names the revision it read: when another
 * evaluator wrote meanwhile, the write does nothing and says so, so a step is never taken twice.
 * The DynamoDB adapter and the in-memory store implement it; both pass the store contract test.
 */
export interface RolloutStore {
  rollout(experiment: string): Promise<StoredRollout | undefined>;
  /** Every stored rollout: what the proxy serves by. */
  rollouts(options?: { abortSignal?: AbortSignal }): Promise<StoredRollout[]>;
  /**
   * Stores `rollout` if the stored one still has `expectedRevision` (0: none is stored);
   * false, and nothing written, when another writer got there first.
   */
  writeRollout(rollout: StoredRollout, expectedRevision: number): Promise<boolean>;
  /**
   * Whether this caller may ask for an evaluation of the experiment's rollout now: true for the
   * first caller in each `intervalMs`, whichever environment it runs in.
   */
  claimEvaluation(experiment: string, now: number, intervalMs: number): Promise<boolean>;
}
