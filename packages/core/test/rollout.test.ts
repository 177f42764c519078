import { describe, expect, test } from 'vitest';
import {
  commandRollout,
  evaluateRollout,
  initialRolloutState,
  type RolloutPlan,
  readGates,
  type StepEvidence,
} from '../src/rollout.js';

const plan: RolloutPlan = {
  candidate: 'candidate-1',
  steps: [10, 50, 100],
  everyMs: 5_000,
  gates: { minSamples: 500, matchRate: 99, errorRate: 1, latency: 'not-slower' },
  onFailure: 'rollback',
  keepOldControlMs: 3_600_000,
};

const good: StepEvidence = { compared: 500, matches: 500, runs: 500, failures: 0, latencyVerdict: 'same' };
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

describe('rollout gates', () => {
  test('500 of 500 matches reach a 99% bound (the interval starts at 99.2%)', () => {
    expect(readGates(plan.gates, good)).toMatchInlineSnapshot(`
      [
        {
          "bound": 500,
          "detail": "500 samples (500 needed)",
          "name": "minSamples",
          "status": "pass",
          "value": 500,
        },
        {
          "bound": 99,
          "detail": "match rate 100.0% [99.2–100.0%] reaches 99%",
          "name": "matchRate",
          "status": "pass",
          "value": 100,
        },
        {
          "bound": 1,
          "detail": "error rate 0.0% [0.0–0.8%] under 1%",
          "name": "errorRate",
          "status": "pass",
          "value": 0,
        },
        {
          "bound": "not-slower",
          "detail": "latency verdict same",
          "name": "latency",
          "status": "pass",
          "value": "same",
        },
      ]
    `);
  });

  test('too few samples wait; a match rate surely below the bound fails at once', () => {
    const short = readGates(plan.gates, { ...good, compared: 40, matches: 40, runs: 40 });
    expect(short.map((gate) => gate.status)).toEqual(['wait', 'wait', 'wait', 'wait']);
    const differing = readGates({ matchRate: 99.9 }, { ...good, compared: 120, matches: 105, runs: 120 });
    expect(differing[0]).toMatchObject({
      status: 'fail',
      detail: 'match rate 87.5% [80.4–92.3%] below 99.9%',
    });
  });

  test('gates the plan omits are off', () => {
    expect(readGates({}, good)).toEqual([]);
  });
});

describe('a rollout walks its steps', () => {
  test('a matching candidate goes 10 → 50 → 100 and is promoted, one step per due evaluation', () => {
    let state = commandRollout(plan, initialRolloutState, 'start', at(0));
    const seen: string[] = [`${state.state} ${state.percent}`];
    for (const seconds of [2, 6, 8, 12, 18]) {
      const evaluation = evaluateRollout(plan, state, good, at(seconds));
      if (evaluation.changed)
        seen.push(`${evaluation.state.state} ${evaluation.state.percent} at ${seconds}s`);
      state = evaluation.state;
    }
    expect(seen).toEqual(['running 10', 'running 50 at 6s', 'running 100 at 12s', 'promoted 100 at 18s']);
    expect(state.history.map((entry) => [entry.from, entry.to, entry.state])).toEqual([
      [0, 10, 'running'],
      [10, 50, 'running'],
      [50, 100, 'running'],
      [100, 100, 'promoted'],
    ]);
    expect(state.revision).toBe(4);
  });

  test('a differing candidate is rolled back the moment its match rate fails, with the figures', () => {
    const started = commandRollout(plan, initialRolloutState, 'start', at(0));
    const evaluation = evaluateRollout(
      { ...plan, gates: { ...plan.gates, matchRate: 99.9 } },
      started,
      { compared: 120, matches: 105, runs: 120, failures: 0, latencyVerdict: 'inconclusive' },
      at(1),
    );
    expect(evaluation.state).toMatchObject({ state: 'rolled-back', percent: 0 });
    expect(evaluation.state.history.at(-1)?.reason).toBe(
      'rolled back: match rate 87.5% [80.4–92.3%] below 99.9%',
    );
  });

  test('onFailure: pause keeps the step and serves it no further until resumed', () => {
    const started = commandRollout({ ...plan, onFailure: 'pause' }, initialRolloutState, 'start', at(0));
    const failing = { ...good, failures: 50 };
    const paused = evaluateRollout({ ...plan, onFailure: 'pause' }, started, failing, at(1)).state;
    expect([paused.state, paused.percent]).toEqual(['paused', 10]);
    expect(evaluateRollout(plan, paused, good, at(60)).changed).toBe(false);
    expect(commandRollout(plan, paused, 'resume', at(61)).state).toBe('running');
  });

  test('evaluating again with the same evidence changes nothing more (evaluations may repeat)', () => {
    const started = commandRollout(plan, initialRolloutState, 'start', at(0));
    const once = evaluateRollout(plan, started, good, at(6));
    const twice = evaluateRollout(plan, started, good, at(6));
    expect(twice).toEqual(once);
    expect(evaluateRollout(plan, once.state, good, at(6)).changed).toBe(false);
  });

  test('commands that do not apply are refused, saying why', () => {
    expect(() => commandRollout(plan, initialRolloutState, 'pause', at(0))).toThrow(
      'cannot pause a rollout that is pending',
    );
    const aborted = commandRollout(
      plan,
      commandRollout(plan, initialRolloutState, 'start', at(0)),
      'abort',
      at(1),
    );
    expect([aborted.state, aborted.percent]).toEqual(['aborted', 0]);
  });
});
