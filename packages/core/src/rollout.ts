import { InvalidValueError } from './errors.js';
import type { VerdictKind } from './verdict.js';
import { type Interval, wilsonInterval } from './wilson-interval.js';

/**
 * A staged rollout, decided from the experiment's evidence: the served share of a candidate walks
 * its steps while every gate passes, waits while evidence is short, and rolls back (or pauses) the
 * moment a gate fails conclusively. The evaluator is pure: the store keeps the state, the adapter
 * gathers the evidence since the step began and writes the next state only if nobody else did.
 */

export interface RolloutGates {
  /** Paired samples per step before a step may pass. */
  readonly minSamples?: number;
  /** Percent: the lower bound of the match rate's 95% interval must reach it. */
  readonly matchRate?: number;
  /** Percent: the upper bound of the error-and-timeout rate's 95% interval must stay under it. */
  readonly errorRate?: number;
  /** The paired duration verdict must not be `slower`. */
  readonly latency?: 'not-slower';
}

export interface RolloutPlan {
  readonly candidate: string;
  /** Percent served at each step, rising, the last 100. */
  readonly steps: readonly number[];
  /** Least time at a step before it may advance. */
  readonly everyMs: number;
  readonly gates: RolloutGates;
  readonly onFailure: 'rollback' | 'pause';
  /** How long the old control shadows after promotion. */
  readonly keepOldControlMs: number;
}

export type RolloutStateName = 'pending' | 'running' | 'paused' | 'promoted' | 'rolled-back' | 'aborted';

export interface RolloutTransition {
  /** ISO 8601. */
  readonly at: string;
  readonly from: number;
  readonly to: number;
  readonly state: RolloutStateName;
  readonly reason: string;
  /** The gates as the evaluation that made this transition read them: its evidence. */
  readonly gates?: readonly GateReading[];
}

export interface RolloutState {
  readonly state: RolloutStateName;
  /** 1-based index into the plan's steps; 0 before start. */
  readonly step: number;
  /** The share served now. */
  readonly percent: number;
  /** When the current step began (ISO 8601); evidence counts from here. */
  readonly stepStartedAt: string | null;
  /** Grows by one on every change, so two evaluators cannot both write the same next state. */
  readonly revision: number;
  readonly history: readonly RolloutTransition[];
}

/** What the experiment saw of the candidate since the current step began. */
export interface StepEvidence {
  /** Requests compared (matches + mismatches). */
  readonly compared: number;
  readonly matches: number;
  /** Candidate runs, and of those how many errored or timed out. */
  readonly runs: number;
  readonly failures: number;
  readonly latencyVerdict: VerdictKind;
}

export type GateStatus = 'pass' | 'wait' | 'fail';

export interface GateReading {
  readonly name: 'minSamples' | 'matchRate' | 'errorRate' | 'latency';
  readonly status: GateStatus;
  /** In the plan's units: samples, percent, or the verdict. */
  readonly value: number | string | null;
  readonly bound: number | string;
  readonly detail: string;
}

export const initialRolloutState: RolloutState = Object.freeze({
  state: 'pending',
  step: 0,
  percent: 0,
  stepStartedAt: null,
  revision: 0,
  history: Object.freeze([]),
});

const percentText = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const intervalText = (interval: Interval) =>
  `${percentText(interval.estimate)} [${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)}%]`;

/** Every gate the plan sets, read against the evidence. Gates the plan omits are off. */
export function readGates(gates: RolloutGates, evidence: StepEvidence): readonly GateReading[] {
  const readings: GateReading[] = [];
  const enough = evidence.compared >= (gates.minSamples ?? 0);
  if (gates.minSamples !== undefined) {
    readings.push({
      name: 'minSamples',
      status: enough ? 'pass' : 'wait',
      value: evidence.compared,
      bound: gates.minSamples,
      detail: `${evidence.compared} samples (${gates.minSamples} needed)`,
    });
  }
  if (gates.matchRate !== undefined) {
    const bound = gates.matchRate / 100;
    const interval = wilsonInterval(evidence.matches, evidence.compared);
    // Conclusive either way: the whole interval above the bound passes, the whole interval below fails.
    const status: GateStatus =
      evidence.compared > 0 && interval.high < bound
        ? 'fail'
        : enough && interval.low >= bound
          ? 'pass'
          : 'wait';
    readings.push({
      name: 'matchRate',
      status,
      value: evidence.compared > 0 ? round(interval.estimate * 100) : null,
      bound: gates.matchRate,
      detail:
        evidence.compared === 0
          ? 'no comparisons yet'
          : `match rate ${intervalText(interval)} ${status === 'fail' ? 'below' : status === 'pass' ? 'reaches' : 'not yet above'} ${gates.matchRate}%`,
    });
  }
  if (gates.errorRate !== undefined) {
    const bound = gates.errorRate / 100;
    const interval = wilsonInterval(evidence.failures, evidence.runs);
    const status: GateStatus =
      evidence.runs > 0 && interval.low >= bound ? 'fail' : enough && interval.high < bound ? 'pass' : 'wait';
    readings.push({
      name: 'errorRate',
      status,
      value: evidence.runs > 0 ? round(interval.estimate * 100) : null,
      bound: gates.errorRate,
      detail:
        evidence.runs === 0
          ? 'no runs yet'
          : `error rate ${intervalText(interval)} ${status === 'fail' ? 'above' : status === 'pass' ? 'under' : 'not yet surely under'} ${gates.errorRate}%`,
    });
  }
  if (gates.latency === 'not-slower') {
    const status: GateStatus =
      evidence.latencyVerdict === 'slower'
        ? 'fail'
        : enough && evidence.latencyVerdict !== 'inconclusive'
          ? 'pass'
          : 'wait';
    readings.push({
      name: 'latency',
      status,
      value: evidence.latencyVerdict,
      bound: 'not-slower',
      detail: `latency verdict ${evidence.latencyVerdict}`,
    });
  }
  return Object.freeze(readings.map((reading) => Object.freeze(reading)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function transition(
  state: RolloutState,
  next: { state: RolloutStateName; step: number; percent: number; startsStep: boolean },
  at: Date,
  reason: string,
  gates?: readonly GateReading[],
): RolloutState {
  const record: RolloutTransition = Object.freeze({
    at: at.toISOString(),
    from: state.percent,
    to: next.percent,
    state: next.state,
    reason,
    ...(gates && gates.length > 0 ? { gates } : {}),
  });
  return Object.freeze({
    state: next.state,
    step: next.step,
    percent: next.percent,
    stepStartedAt: next.startsStep ? at.toISOString() : state.stepStartedAt,
    revision: state.revision + 1,
    history: Object.freeze([...state.history, record]),
  });
}

export type RolloutCommand = 'start' | 'pause' | 'resume' | 'abort';

/**
 * What a person asks of a rollout (or the scientist, with its own `reason`: an upload that took the
 * plan away aborts it); a command that does not apply in the current state is an error.
 */
export function commandRollout(
  plan: RolloutPlan,
  state: RolloutState,
  command: RolloutCommand,
  at: Date,
  reason?: string,
): RolloutState {
  const refuse = () => {
    throw new InvalidValueError(`cannot ${command} a rollout that is ${state.state}`);
  };
  switch (command) {
    case 'start':
      if (state.state !== 'pending' && state.state !== 'rolled-back' && state.state !== 'aborted') refuse();
      return transition(
        { ...state, percent: 0 },
        { state: 'running', step: 1, percent: plan.steps[0]!, startsStep: true },
        at,
        reason ?? `started: step 1 serves ${plan.steps[0]}%`,
      );
    case 'pause':
      if (state.state !== 'running') refuse();
      return transition(
        state,
        { ...state, state: 'paused', startsStep: false },
        at,
        reason ?? 'paused by hand',
      );
    case 'resume':
      if (state.state !== 'paused') refuse();
      // Evidence gathered while paused still counts, but the step's time starts again.
      return transition(
        state,
        { ...state, state: 'running', startsStep: true },
        at,
        reason ?? 'resumed by hand',
      );
    case 'abort':
      if (state.state !== 'running' && state.state !== 'paused') refuse();
      return transition(
        state,
        { state: 'aborted', step: state.step, percent: 0, startsStep: false },
        at,
        reason ?? 'aborted by hand: the control serves everyone',
      );
  }
}

export interface RolloutEvaluation {
  readonly state: RolloutState;
  readonly gates: readonly GateReading[];
  /** Whether this evaluation changed the state (then it must be written, on `revision`). */
  readonly changed: boolean;
}

/**
 * One evaluation of a running rollout: fail → roll back or pause, naming the gate and its figures;
 * every gate passing and the step's time up → the next step, or at 100% promotion; else unchanged.
 * Evaluating twice with the same inputs gives the same answer, so it can run whenever it is due.
 */
export function evaluateRollout(
  plan: RolloutPlan,
  state: RolloutState,
  evidence: StepEvidence,
  now: Date,
): RolloutEvaluation {
  const gates = readGates(plan.gates, evidence);
  if (state.state !== 'running') return { state, gates, changed: false };
  const failed = gates.filter((gate) => gate.status === 'fail');
  if (failed.length > 0) {
    const reason = failed.map((gate) => gate.detail).join('; ');
    const next =
      plan.onFailure === 'rollback'
        ? transition(
            state,
            { state: 'rolled-back', step: state.step, percent: 0, startsStep: false },
            now,
            `rolled back: ${reason}`,
            gates,
          )
        : transition(
            state,
            { ...state, state: 'paused', startsStep: false },
            now,
            `paused: ${reason}`,
            gates,
          );
    return { state: next, gates, changed: true };
  }
  const started = state.stepStartedAt ? Date.parse(state.stepStartedAt) : now.getTime();
  const due = now.getTime() - started >= plan.everyMs;
  if (!due || gates.some((gate) => gate.status !== 'pass')) return { state, gates, changed: false };
  const passed = gates.map((gate) => gate.detail).join('; ') || 'no gates set';
  if (state.step >= plan.steps.length) {
    const next = transition(
      state,
      { state: 'promoted', step: state.step, percent: 100, startsStep: false },
      now,
      `promoted: ${passed}`,
      gates,
    );
    return { state: next, gates, changed: true };
  }
  const step = state.step + 1;
  const percent = plan.steps[step - 1]!;
  const next = transition(
    state,
    { state: 'running', step, percent, startsStep: true },
    now,
    `step ${step}: ${passed}`,
    gates,
  );
  return { state: next, gates, changed: true };
}

/**
 * What identifies a rollout's plan: the plan itself and the two functions it moves traffic
 * between (by function name: callers fill an ARN's placeholders from different places). A stored
 * rollout whose key differs from the current file's belongs to an older plan: the upload that
 * changed it restarts the rollout.
 */
export function rolloutPlanKey(experiment: {
  readonly rollout?: RolloutPlan;
  readonly control: { readonly functionName: string };
  readonly candidates: readonly { readonly id: string; readonly functionName: string }[];
}): string | undefined {
  const plan = experiment.rollout;
  if (!plan) return undefined;
  const candidate = experiment.candidates.find((entry) => entry.id === plan.candidate);
  return JSON.stringify({
    plan,
    control: experiment.control.functionName,
    candidate: candidate?.functionName,
  });
}

/** A plan changed under a rollout: it starts again from pending, and its history says why. */
export function restartRollout(state: RolloutState, at: Date, reason: string): RolloutState {
  return transition(state, { state: 'pending', step: 0, percent: 0, startsStep: false }, at, reason);
}
