import { describe, expect, it } from 'vitest';
import { longDurationMs } from '../src/delivery-settings.js';
import { formatProblem, loadExperiments, longDurationText, parseExperiments } from '../src/index.js';

const base = `
experiments:
  rounding-float:
    path: round
    control:   {name: Round Node, arn: control-round}
    candidates:
      candidate-1: {arn: candidate-round-python3-math}
      candidate-2: {arn: candidate-round-python3-round}
`;

function problemsOf(text: string): string {
  const result = parseExperiments(text);
  if (result.ok) throw new Error('expected problems, the file parsed');
  return result.problems.map(formatProblem).join('\n');
}

describe('progressive delivery settings in the experiments file', () => {
  it('reads a key, targeting rules, a canary and a rollout plan', () => {
    const experiment = loadExperiments(`${base}    key: header:X-User-Id
    serve:
      candidate-1:
        when:
          - { header: x-beta, equals: "1" }
          - { cookie: beta }
        percent: 10
    rollout:
      candidate: candidate-1
      steps: [1, 10, 25, 50, 100]
      every: 10m
      gates: { minSamples: 500, matchRate: 99, errorRate: 1, latency: not-slower }
      onFailure: rollback
      keepOldControl: 1h
`).experiments[0]!;
    expect({
      key: experiment.key,
      keyedSampling: experiment.keyedSampling,
      serve: experiment.serve,
      rollout: experiment.rollout,
    }).toEqual({
      key: { from: 'header', name: 'x-user-id' },
      keyedSampling: true,
      serve: [
        {
          candidateId: 'candidate-1',
          when: [{ header: 'x-beta', equals: '1' }, { cookie: 'beta' }],
          percent: 10,
        },
      ],
      rollout: {
        candidate: 'candidate-1',
        steps: [1, 10, 25, 50, 100],
        everyMs: 600_000,
        gates: { minSamples: 500, matchRate: 99, errorRate: 1, latency: 'not-slower' },
        onFailure: 'rollback',
        keepOldControlMs: 3_600_000,
      },
    });
    expect(Object.isFrozen(experiment.serve[0]?.when)).toBe(true);
  });

  it('defaults to the source address as key, nobody served and no rollout', () => {
    const experiment = loadExperiments(base).experiments[0]!;
    expect({
      key: experiment.key,
      keyedSampling: experiment.keyedSampling,
      serve: experiment.serve,
      rollout: experiment.rollout,
    }).toEqual({
      key: { from: 'source-ip' },
      keyedSampling: undefined,
      serve: [],
      rollout: undefined,
    });
  });

  it('reports each mistake at its place, with what was meant', () => {
    expect(
      problemsOf(`${base}    key: user
    serve:
      candidate-3: { percent: 10 }
      candidate-1: { when: [{ header: x-beta, value: "1" }], percent: 110 }
    rollout:
      candidate: candidate-11
      steps: [10, 5, 50]
      every: 10 minutes
      gates: { matchrate: 99 }
`),
    ).toMatchInlineSnapshot(`
      "experiments.yaml:12:47: unknown key 'value'
      experiments.yaml:12:71: percent: expected a percentage from 0 to 100, got 110
      experiments.yaml:16:14: every: expected a duration such as 30s, 10m or 1h, got '10 minutes'
      experiments.yaml:17:16: unknown key 'matchrate' — did you mean 'matchRate'?"
    `);
  });

  it('checks what the schema cannot: candidate names, rising steps to 100, the key', () => {
    expect(
      problemsOf(`${base}    key: user
    serve:
      candidate-3: { percent: 10 }
    rollout:
      candidate: candidate-11
      steps: [10, 5, 50]
      every: 10m
`),
    ).toMatchInlineSnapshot(`
      "experiments.yaml:9:10: key: 'user' is not a request key
      experiments.yaml:11:7: 'candidate-3' is not a candidate of this experiment — did you mean 'candidate-1'?
      experiments.yaml:13:18: 'candidate-11' is not a candidate of this experiment — did you mean 'candidate-1'?
      experiments.yaml:14:14: the last step must be 100 (the candidate serves everyone, then is promoted)
      experiments.yaml:14:19: step 5 follows 10: steps must rise"
    `);
  });
});

describe('long durations', () => {
  it('write back as the file writes them, in the largest whole unit', () => {
    expect(
      ['5s', '90s', '10m', '1h', '36h', '1500ms'].map((text) => longDurationText(longDurationMs(text))),
    ).toEqual(['5s', '90s', '10m', '1h', '36h', '1500ms']);
  });
});
