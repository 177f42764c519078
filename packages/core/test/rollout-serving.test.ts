import { describe, expect, test } from 'vitest';
import {
  commandRollout,
  type Experiment,
  initialRolloutState,
  parseExperiments,
  restartRollout,
  rolloutPlanKey,
  servingUnderRollout,
} from '../src/index.js';

const source = (steps = '[10, 50, 100]') => `experiments:
  rounding-float:
    path: round
    key: header:x-user-id
    control: { name: Round Node, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-round" }
    candidates:
      candidate-1: { name: Round Python, arn: "arn:aws:lambda:eu-west-1:000000000000:function:candidate-round-python" }
      control-old: { name: Old control, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-old" }
    serve:
      candidate-1: { when: [{ header: x-beta, equals: "1" }], percent: 2 }
    rollout: { candidate: candidate-1, steps: ${steps}, every: 5s }
`;

function experimentOf(text: string): Experiment {
  const parsed = parseExperiments(text);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '));
  return parsed.definitions.experiments[0]!;
}

const experiment = experimentOf(source());
const plan = experiment.rollout!;
const planKey = rolloutPlanKey(experiment)!;
const at = new Date(Date.UTC(2026, 11, 1, 12));
const running = commandRollout(plan, initialRolloutState, 'start', at);

describe('serving under a rollout', () => {
  test("a running step's share replaces the file's canary percent; the targeting rules stay", () => {
    const served = servingUnderRollout(experiment, { planKey, state: running }, at.getTime());
    expect(served.serve).toEqual([
      { candidateId: 'candidate-1', when: [{ header: 'x-beta', equals: '1' }], percent: 10 },
    ]);
    expect(experiment.serve[0]!.percent).toBe(2);
  });

  test('rolled back or aborted serves 0%; pending leaves the file as it is', () => {
    const aborted = commandRollout(plan, running, 'abort', at);
    expect(servingUnderRollout(experiment, { planKey, state: aborted }, at.getTime()).serve[0]!.percent).toBe(
      0,
    );
    expect(servingUnderRollout(experiment, { planKey, state: initialRolloutState }, at.getTime())).toBe(
      experiment,
    );
  });

  test('a candidate without a serve entry gets one for the rollout', () => {
    const bare = experimentOf(source().replace(/ {4}serve:\n.*\n/, ''));
    const served = servingUnderRollout(
      bare,
      { planKey: rolloutPlanKey(bare)!, state: running },
      at.getTime(),
    );
    expect(served.serve).toEqual([{ candidateId: 'candidate-1', when: [], percent: 10 }]);
  });

  test('a state stored for another plan counts as pending until the evaluator restarts it', () => {
    const changed = experimentOf(source('[25, 100]'));
    expect(rolloutPlanKey(changed)).not.toBe(planKey);
    expect(servingUnderRollout(changed, { planKey, state: running }, at.getTime())).toBe(changed);
    const restarted = restartRollout(running, at, 'the plan changed in version 3');
    expect(restarted).toMatchObject({
      state: 'pending',
      step: 0,
      percent: 0,
      revision: running.revision + 1,
    });
    expect(restarted.history.at(-1)).toMatchObject({ from: 10, to: 0, state: 'pending' });
  });

  test('after a promotion the former control shadows until its time is up, then stops', () => {
    const oldControl = { candidateId: 'control-old', untilMs: at.getTime() + 60_000 };
    const promoted = { ...running, state: 'promoted' as const, percent: 100 };
    const before = servingUnderRollout(experiment, { planKey, state: promoted, oldControl }, at.getTime());
    expect(before.candidates.find((candidate) => candidate.id === 'control-old')?.enabled).toBe(true);
    const after = servingUnderRollout(
      experiment,
      { planKey, state: promoted, oldControl },
      oldControl.untilMs,
    );
    expect(after.candidates.find((candidate) => candidate.id === 'control-old')?.enabled).toBe(false);
    expect(after.candidates.find((candidate) => candidate.id === 'candidate-1')?.enabled).toBe(true);
  });
});
