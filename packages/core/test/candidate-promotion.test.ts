import { describe, expect, it } from 'vitest';
import {
  ExperimentsEditError,
  parseExperiments,
  parseExperimentsDocument,
  promoteCandidate,
} from '../src/index.js';

const file = `# The tutorial's experiments.
experiments:
  rounding-float:
    path: round
    # Whatever the client sees.
    comparators: [body, statuscode]
    control: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      # The one to beat.
      candidate-1: { name: Round Python, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python", sample: 50 }
      candidate-go: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
  sort:
    path: sort
    control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
    candidates: {}
`;

describe('promoteCandidate', () => {
  it('drops candidate-only keys; then the YAML library writes the file, every comment kept', () => {
    const promoted = promoteCandidate(parseExperimentsDocument(file), 'rounding-float', 'candidate-1');
    expect(promoted.text).toMatchInlineSnapshot(`
      "# The tutorial's experiments.
      experiments:
        rounding-float:
          path: round
          # Whatever the client sees.
          comparators: [ body, statuscode ]
          control: { name: Round Python, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python" }
          candidates:
            # The one to beat.
            candidate-go: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
            control-round: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
        sort:
          path: sort
          control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
          candidates: {}
      "
    `);
  });

  it('numbers the former control when its function name is a candidate key already', () => {
    const taken = file.replace('candidate-go:', 'control-round:');
    const promoted = promoteCandidate(parseExperimentsDocument(taken), 'rounding-float', 'candidate-1');
    expect(Object.keys(promoted.yaml.toJS().experiments['rounding-float'].candidates)).toEqual([
      'control-round',
      'control-round-2',
    ]);
  });

  it("drops the promoted candidate's serve entry and the rollout plan that moved it, so the file stays valid", () => {
    const delivering = file.replace(
      '  sort:\n',
      `    key: header:x-user-id
    serve:
      candidate-1: { percent: 10 }
      candidate-go: { when: [{ header: x-beta }] }
    rollout: { candidate: candidate-1, steps: [10, 100], every: 5s }
  sort:\n`,
    );
    const promoted = promoteCandidate(parseExperimentsDocument(delivering), 'rounding-float', 'candidate-1');
    const experiment = promoted.yaml.toJS().experiments['rounding-float'];
    expect(experiment.serve).toEqual({ 'candidate-go': { when: [{ header: 'x-beta' }] } });
    expect(experiment.rollout).toBeUndefined();
    expect(experiment.key).toBe('header:x-user-id');
    const parsed = parseExperiments(promoted.text);
    expect(parsed.ok).toBe(true);
  });

  it('does not change the document it was given', () => {
    const document = parseExperimentsDocument(file);
    promoteCandidate(document, 'rounding-float', 'candidate-go');
    expect(document.text).toBe(file);
    expect(document.yaml.toJS().experiments['rounding-float'].control.name).toBe('Round Node');
  });

  it('refuses an unknown experiment or candidate, naming the ones there are', () => {
    const document = parseExperimentsDocument(file);
    const failure = (experiment: string, candidate: string) => {
      try {
        promoteCandidate(document, experiment, candidate);
      } catch (error) {
        return error instanceof ExperimentsEditError ? [error.message, ...error.problems] : error;
      }
      return 'no error';
    };
    expect(failure('rounding', 'candidate-1')).toEqual([
      "no experiment 'rounding'",
      'known experiments: rounding-float, sort',
    ]);
    expect(failure('rounding-float', 'candidate-9')).toEqual([
      "experiment 'rounding-float' has no candidate 'candidate-9'",
      'its candidates: candidate-1, candidate-go',
    ]);
    expect(failure('sort', 'candidate-1')).toEqual([
      "experiment 'sort' has no candidate 'candidate-1'",
      'its candidates: none',
    ]);
  });
});

// As the formatter writes them: long flow maps over several lines, a control on the line after its key.
const asFormatted = `experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode, { headers: [content-type] }]
    control:
      { name: Round Node 128 MB, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      # The one to beat.
      candidate-1:
        {
          name: Round Python3-math,
          arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math",
        }
      candidate-go: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
  # The next experiment.
  sort:
    path: sort
    control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
    candidates:
      candidate-go: { name: Sort Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
`;

describe('promoteCandidate, entries written one key per line', () => {
  it('moves the entries as they are written; every other byte stays', () => {
    const promoted = promoteCandidate(parseExperimentsDocument(asFormatted), 'rounding-float', 'candidate-1');
    expect(promoted.text).toBe(`experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode, { headers: [content-type] }]
    control:
      {
        name: Round Python3-math,
        arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math",
      }
    candidates:
      # The one to beat.
      candidate-go: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
      control-round:
        { name: Round Node 128 MB, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
  # The next experiment.
  sort:
    path: sort
    control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
    candidates:
      candidate-go: { name: Sort Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
`);
  });

  it('puts the former control where the last candidate was when that one is promoted', () => {
    const promoted = promoteCandidate(parseExperimentsDocument(asFormatted), 'sort', 'candidate-go');
    expect(promoted.text).toBe(
      asFormatted.replace(
        `    control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
    candidates:
      candidate-go: { name: Sort Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
`,
        `    control: { name: Sort Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
    candidates:
      control-sort: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
`,
      ),
    );
  });
});
