import {
  type GateReading,
  longDurationText,
  type RolloutPlan,
  type RolloutStateName,
  type RolloutTransition,
  type StepEvidence,
} from '@serverless-scientist/core';
import type { StoredRollout } from './rollout-store.js';
import type { StepReading } from './step-evidence.js';

/**
 * A rollout as `scientist rollout status --json`, `results` and the dashboard show it. The first
 * seven fields are the contract (DESIGN §6); the rest say where the figures come from.
 */
export interface RolloutStatus {
  readonly experiment: string;
  readonly candidate: string;
  readonly state: RolloutStateName;
  /** 1-based index into the plan's steps; 0 before start. */
  readonly step: number;
  /** The share served now. */
  readonly percent: number;
  readonly gates: readonly GateReading[];
  readonly history: readonly RolloutTransition[];
  readonly plan: {
    readonly steps: readonly number[];
    readonly everyMs: number;
    /** `everyMs` as the experiments file writes it (`10m`). */
    readonly every: string;
    readonly gates: RolloutPlan['gates'];
    readonly onFailure: RolloutPlan['onFailure'];
    readonly keepOldControlMs: number;
    readonly keepOldControl: string;
  };
  /** When the current step began (ISO 8601): its evidence counts from here. */
  readonly stepStartedAt: string | null;
  /** The stored definitions version read. */
  readonly definitionVersion: number;
  /** What the current step has seen so far; absent unless running or paused. */
  readonly evidence?: StepEvidence & {
    readonly requests: number;
    readonly matchRateInterval: { readonly low: number; readonly high: number } | null;
  };
  /** After a promotion: the version it published, and the former control shadowing until when. */
  readonly promotedVersion?: number;
  readonly oldControl?: { readonly candidate: string; readonly until: string };
}

export function rolloutStatusOf(
  stored: StoredRollout,
  gates: readonly GateReading[],
  definitionVersion: number,
  reading?: StepReading,
): RolloutStatus {
  const { plan, state } = stored;
  return {
    experiment: stored.experiment,
    candidate: plan.candidate,
    state: state.state,
    step: state.step,
    percent: state.percent,
    gates,
    history: state.history,
    plan: {
      steps: plan.steps,
      everyMs: plan.everyMs,
      every: longDurationText(plan.everyMs),
      gates: plan.gates,
      onFailure: plan.onFailure,
      keepOldControlMs: plan.keepOldControlMs,
      keepOldControl: longDurationText(plan.keepOldControlMs),
    },
    stepStartedAt: state.stepStartedAt,
    definitionVersion,
    ...(reading
      ? {
          evidence: {
            ...reading.evidence,
            requests: reading.requests,
            matchRateInterval: reading.candidate?.matchRateInterval ?? null,
          },
        }
      : {}),
    ...(stored.promotedVersion === undefined ? {} : { promotedVersion: stored.promotedVersion }),
    ...(stored.oldControl
      ? {
          oldControl: {
            candidate: stored.oldControl.candidateId,
            until: new Date(stored.oldControl.untilMs).toISOString(),
          },
        }
      : {}),
  };
}
