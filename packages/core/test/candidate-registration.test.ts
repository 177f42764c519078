import { describe, expect, it } from 'vitest';
import { ExperimentsEditError, parseExperimentsDocument, registerCandidate } from '../src/index.js';

const file = `# The experiments. Comments and layout are the author's.
experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode, { headers: [content-type] }]
    control: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      candidate-1:
        {
          name: Round Python3-math,
          arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math",
        }
      # Go, kept for comparison.
      candidate-go: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
  fizzbuzz:
    path: fizzbuzz
    control: { name: FizzBuzz Node, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-fizzbuzz" }
    # A skeleton joins when you include it.
    candidates: {}
  sort:   # no candidates key at all
    path: sort
    control: { name: Sort Node, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-sort" }
`;

const arn = (name: string) => `arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${name}`;

describe('registerCandidate', () => {
  it('adds one line after the last candidate, in its indentation; every other byte stays', () => {
    const document = parseExperimentsDocument(file);
    const registered = registerCandidate(document, {
      path: 'round',
      key: 'candidate-ruby-2',
      name: 'round Ruby (ruby-2)',
      arn: arn('candidate-round-ruby-2'),
    });
    expect(registered.experiment).toEqual({ id: 'rounding-float', candidate: 'candidate-ruby-2' });
    const added =
      '      candidate-ruby-2: { name: "round Ruby (ruby-2)", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-ruby-2" }\n';
    const goLine = file.indexOf('\n', file.indexOf('candidate-go:')) + 1;
    expect(registered.document.text).toBe(file.slice(0, goLine) + added + file.slice(goLine));
    expect(
      registered.document.yaml.toJS().experiments['rounding-float'].candidates['candidate-ruby-2'],
    ).toEqual({
      name: 'round Ruby (ruby-2)',
      arn: arn('candidate-round-ruby-2'),
    });
  });

  it('turns an empty `candidates: {}` into a block holding the new line, keeping the comment above it', () => {
    const registered = registerCandidate(parseExperimentsDocument(file), {
      path: 'fizzbuzz',
      key: 'candidate-node',
      name: 'fizzbuzz Node (node)',
      arn: arn('candidate-fizzbuzz-node'),
    });
    expect(registered.document.text).toBe(
      file.replace(
        '    candidates: {}\n',
        '    candidates:\n      candidate-node: { name: "fizzbuzz Node (node)", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-fizzbuzz-node" }\n',
      ),
    );
  });

  it('adds a candidates entry holding the line where there is none', () => {
    const registered = registerCandidate(parseExperimentsDocument(file), {
      path: 'sort',
      key: 'candidate-go',
      name: 'sort Go (go)',
      arn: arn('candidate-sort-go'),
    });
    expect(registered.experiment).toEqual({ id: 'sort', candidate: 'candidate-go' });
    expect(registered.document.text).toBe(
      `${file}    candidates:\n      candidate-go: { name: "sort Go (go)", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }\n`,
    );
  });

  it('lets the YAML library write the file where the map is written unusually, comments kept', () => {
    const flow = 'experiments: { sort: { path: sort, control: { name: Sort, arn: a } } } # all on one line\n';
    const registered = registerCandidate(parseExperimentsDocument(flow), {
      path: 'sort',
      key: 'candidate-go',
      name: 'sort Go (go)',
      arn: arn('candidate-sort-go'),
    });
    expect(registered.document.text).toMatchInlineSnapshot(`
      "experiments:
        {
          sort:
            {
              path: sort,
              control: { name: Sort, arn: a },
              candidates:
                {
                  candidate-go: { name: sort Go (go), arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
                }
            }
        } # all on one line
      "
    `);
  });

  it('leaves the document as it is when no experiment serves the path', () => {
    const document = parseExperimentsDocument(file);
    const registered = registerCandidate(document, { path: 'pbkdf2', key: 'c', name: 'c', arn: arn('c') });
    expect(registered).toEqual({ document, experiment: null });
  });

  it('does not change the document it was given', () => {
    const document = parseExperimentsDocument(file);
    registerCandidate(document, {
      path: 'sort',
      key: 'candidate-go',
      name: 'Go',
      arn: arn('candidate-sort-go'),
    });
    expect(document.text).toBe(file);
    expect(document.yaml.toJS().experiments.sort.candidates).toBeUndefined();
  });

  it('refuses a key the experiment has already, and a file without experiments', () => {
    const document = parseExperimentsDocument(file);
    expect(() =>
      registerCandidate(document, { path: 'round', key: 'candidate-go', name: 'Go', arn: arn('x') }),
    ).toThrow(new ExperimentsEditError("experiment 'rounding-float' already has a candidate 'candidate-go'"));
    expect(() =>
      registerCandidate(parseExperimentsDocument('version: 1\n'), {
        path: 'round',
        key: 'k',
        name: 'n',
        arn: 'a',
      }),
    ).toThrow("no 'experiments' mapping to register the candidate in");
  });

  it('refuses text that is not YAML, saying why', () => {
    expect(() => parseExperimentsDocument('experiments: [\n')).toThrow(
      expect.objectContaining({
        name: 'ExperimentsEditError',
        message: 'the experiments file does not parse as YAML',
      }),
    );
  });
});
