import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExperimentConfigError, formatProblem, loadExperiments, parseExperiments } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const env = { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '000000000000' };

function problemsOf(text: string, options: Parameters<typeof parseExperiments>[1] = {}): string {
  const result = parseExperiments(text, options);
  if (result.ok) throw new Error('expected problems, the file parsed');
  return result.problems.map(formatProblem).join('\n');
}

const tidy = `
experiments:
  rounding-float:
    path: /round
    comparators: [body, statuscode, {headers: [Content-Type]}]
    control:   {name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round"}
    candidates:
      candidate-1: {name: Round Python3-math, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math"}
`;

describe('parseExperiments', () => {
  it('reads the tutorial file verbatim, headers listed after `headers:` included', () => {
    const [experiment, ...others] = loadExperiments(fixture('tutorial-experiments.yaml'), {
      env,
    }).experiments;
    expect(others).toEqual([]);
    expect(experiment).toMatchObject({
      id: 'rounding-float',
      path: 'round',
      enabled: true,
      salt: 'rounding-float',
      comparators: {
        body: { json: true, ignorePaths: [], tolerance: 0, unorderedArrays: false },
        statusCode: true,
        headers: ['content-type'],
      },
      control: {
        id: 'control',
        name: 'Round Node8.10',
        arn: 'arn:aws:lambda:eu-west-1:000000000000:function:control-round',
        functionName: 'control-round',
        region: 'eu-west-1',
        accountId: '000000000000',
      },
      record: {
        bodies: 'mismatches',
        redactHeaders: [
          'authorization',
          'cookie',
          'proxy-authorization',
          'set-cookie',
          'x-api-key',
          'x-auth-token',
          'x-access-token',
          'x-amz-security-token',
          'x-csrf-token',
          'x-xsrf-token',
        ],
      },
    });
    expect(experiment?.methods).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(
      experiment?.candidates.map((c) => [c.id, c.functionName, c.samplePercent, c.timeoutMs, c.enabled]),
    ).toEqual([
      ['candidate-1', 'candidate-round-python3-math', 100, 10_000, true],
      ['candidate-2', 'candidate-round-python3-round', 100, 10_000, true],
    ]);
  });

  it('reads the tidier form into the same comparators', () => {
    const seed = loadExperiments(fixture('tutorial-experiments.yaml'), { env }).experiments[0]!;
    const tidier = loadExperiments(tidy, { env }).experiments[0]!;
    expect(tidier.comparators).toEqual(seed.comparators);
    expect(tidier.path).toBe('round');
  });

  it('leaves placeholders as written when no environment is given', () => {
    const { control } = loadExperiments(tidy).experiments[0]!;
    expect(control).toEqual({
      id: 'control',
      name: 'Round Node',
      arn: 'arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round',
      functionName: 'control-round',
    });
  });

  it('returns a deeply frozen model', () => {
    const definitions = loadExperiments(tidy, { env });
    expect(Object.isFrozen(definitions.experiments)).toBe(true);
    expect(Object.isFrozen(definitions.experiments[0]?.comparators.headers)).toBe(true);
    expect(Object.isFrozen(definitions.experiments[0]?.candidates[0])).toBe(true);
  });

  it('reads every optional setting', () => {
    const text = `
experiments:
  sorting:
    name: Sorting
    path: sort/numbers/
    methods: [get, Post]
    enabled: false
    salt: reshuffled
    sample: 50
    timeout: 2s
    comparators:
      body: {ignorePaths: [/meta/time, "items[*].id"], tolerance: 0.001, unorderedArrays: true}
      statusCode: true
    record: {bodies: all, redactHeaders: [X-Api-Key, Cookie]}
    control: {arn: control-sort}
    candidates:
      fast: {arn: "arn:aws:lambda:eu-west-1:123456789012:function:fast-sort:live", samplePercent: "12.5%", timeout: 1500}
      slow: {arn: "\${env:PREFIX}-slow-sort", enabled: false}
`;
    const experiment = loadExperiments(text, { env: { PREFIX: 'dev' } }).experiments[0]!;
    expect(experiment).toMatchObject({
      name: 'Sorting',
      path: 'sort/numbers',
      methods: ['GET', 'POST'],
      enabled: false,
      salt: 'reshuffled',
      comparators: {
        body: {
          json: true,
          ignorePaths: ['/meta/time', '/items/*/id'],
          tolerance: 0.001,
          unorderedArrays: true,
        },
        statusCode: true,
        headers: [],
      },
      record: {
        bodies: 'all',
        redactHeaders: [
          'authorization',
          'cookie',
          'proxy-authorization',
          'set-cookie',
          'x-api-key',
          'x-auth-token',
          'x-access-token',
          'x-amz-security-token',
          'x-csrf-token',
          'x-xsrf-token',
        ],
      },
      control: { id: 'control', name: 'control', functionName: 'control-sort' },
    });
    expect(experiment.candidates).toEqual([
      {
        id: 'fast',
        name: 'fast',
        arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fast-sort:live',
        functionName: 'fast-sort',
        qualifier: 'live',
        region: 'eu-west-1',
        accountId: '123456789012',
        samplePercent: 12.5,
        timeoutMs: 1500,
        enabled: true,
      },
      {
        id: 'slow',
        name: 'slow',
        arn: 'dev-slow-sort',
        functionName: 'dev-slow-sort',
        samplePercent: 50,
        timeoutMs: 2000,
        enabled: false,
      },
    ]);
  });

  it('reports five mistakes at once, each where it is', () => {
    expect(problemsOf(fixture('five-mistakes.yaml'), { env: {} })).toMatchInlineSnapshot(`
      "experiments.yaml:4:5: unknown key 'comparator' — did you mean 'comparators'?
      experiments.yaml:8:27: \${env:REGION} cannot be filled in: REGION is not set
      experiments.yaml:13:7: missing required key 'arn' (a Lambda function ARN or function name)
      experiments.yaml:15:18: timeout: expected a duration such as 5s, 1500ms or 1m (a bare number means milliseconds), got '5 seconds'
      experiments.yaml:18:19: unknown comparator 'bdy' — did you mean 'body'?"
    `);
  });

  it('suggests the key a misspelling meant at every level', () => {
    const text = `
experiments:
  a:
    path: a
    comparators: [{body: {ignorePath: [/x]}}, {statuscod: true}]
    recrod: {}
    control: {name: A, arn: a, region: x}
    candidates:
      b: {arn: b, samplepercent: 5, enable: true}
`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "experiments.yaml:5:27: unknown key 'ignorePath' — did you mean 'ignorePaths'?
      experiments.yaml:5:48: unknown key 'statuscod' — did you mean 'statuscode'?
      experiments.yaml:6:5: unknown key 'recrod' — did you mean 'record'?
      experiments.yaml:7:32: unknown key 'region'
      experiments.yaml:9:19: unknown key 'samplepercent' — did you mean 'samplePercent'?
      experiments.yaml:9:37: unknown key 'enable' — did you mean 'enabled'?"
    `);
  });

  it('reports values a schema cannot check', () => {
    const text = `
experiments:
  a:
    path: "round?x=1"
    comparators: [headers]
    control: {arn: "arn:aws:lambda:eu-west-1:function"}
    candidates:
      control: {arn: b, sample: 5, samplePercent: 6, timeout: 20m}
  b:
    path: other
    comparators: {body: {ignorePaths: ["a..b"]}}
    control: {arn: a}
    candidates: {}
  c:
    path: /other
    methods: [GET]
    control: {arn: a}
    candidates: {}
`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "experiments.yaml:4:11: path: 'round?x=1' is not a route path
      experiments.yaml:5:18: headers is listed but no header names follow it
      experiments.yaml:6:20: arn: 'arn:aws:lambda:eu-west-1:function' is not a Lambda function ARN or name
      experiments.yaml:8:7: 'control' cannot be a candidate id
      experiments.yaml:8:36: sample and samplePercent are the same setting: keep one
      experiments.yaml:8:63: timeout: 20m is outside Lambda's limit
      experiments.yaml:11:40: 'a..b' is not a JSON path
      experiments.yaml:15:11: route GET /other is already shadowed by experiment 'b'"
    `);
  });

  it('reports a value of the wrong kind with what was expected', () => {
    const text =
      'experiments:\n  a:\n    path: a\n    methods: FETCH\n    control: {arn: a}\n    candidates: {}\n';
    expect(problemsOf(text)).toBe(
      "experiments.yaml:4:14: methods: expected an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) or ANY, got 'FETCH'",
    );
  });

  it('reports YAML syntax errors and empty files with their place', () => {
    expect(problemsOf('experiments:\n  a: [1, 2\n', { file: 'bad.yaml' })).toMatchInlineSnapshot(
      `"bad.yaml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]"`,
    );
    expect(problemsOf('# nothing here\n')).toMatchInlineSnapshot(`"experiments.yaml:1:1: the file is empty"`);
    expect(problemsOf('experiments: 3\n')).toMatchInlineSnapshot(
      `"experiments.yaml:1:14: experiments: expected a map of experiment id to experiment, got 3"`,
    );
  });

  it('loadExperiments throws every problem in one error', () => {
    const error = (() => {
      try {
        loadExperiments(fixture('five-mistakes.yaml'), { env: {}, file: 'scientist/experiments.yaml' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ExperimentConfigError);
    expect((error as ExperimentConfigError).problems).toHaveLength(5);
    expect((error as ExperimentConfigError).message.split('\n')[0]).toBe(
      'invalid experiment definitions (5 problems):',
    );
    expect((error as ExperimentConfigError).problems[0]).toEqual({
      file: 'scientist/experiments.yaml',
      line: 4,
      column: 5,
      message: "unknown key 'comparator'",
      expected: expect.stringContaining('comparators'),
      suggestion: 'comparators',
    });
  });
});

describe('parseExperiments refuses what would silently change meaning', () => {
  it('refuses keys that collide with object internals, with their place', () => {
    const text = `experiments:\n  __proto__:\n    path: round\n    control: {arn: control-round}\n    candidates:\n      constructor: {arn: candidate-round}\n`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "experiments.yaml:2:3: '__proto__' cannot be a key: it names a property every object has
      experiments.yaml:6:7: 'constructor' cannot be a key: it names a property every object has"
    `);
  });

  it('refuses an alias bomb at the first alias instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'experiments: {}',
    ].join('\n');
    expect(problemsOf(bomb)).toMatch(/^experiments\.yaml:2:\d+: aliases expand too far/);
  });

  it('refuses bytes that are not UTF-8, at their line and column', () => {
    const bytes = Buffer.concat([
      Buffer.from('experiments:\n  rounding:\n    path: r'),
      Buffer.from([0xff]),
      Buffer.from('und\n'),
    ]);
    expect(problemsOf(bytes as unknown as string)).toBe(
      'experiments.yaml:3:12: the file is not UTF-8 text: byte 0xff here starts no character',
    );
    expect(parseExperiments(Buffer.from(tidy), { env }).ok).toBe(true);
  });

  it('refuses the scientist itself as a control or candidate', () => {
    const text = tidy.replace('function:control-round', 'function:scientist-dev-proxy');
    expect(problemsOf(text, { env, isOwnFunction: (name) => name === 'scientist-dev-proxy' })).toMatch(
      /^experiments\.yaml:6:\d+: arn: 'scientist-dev-proxy' is the scientist itself/,
    );
  });

  it('refuses a control that is not deployed where the file goes, suggesting the near one', () => {
    const deployedFunctions = new Set(['control-round', 'candidate-round-python3-math']);
    expect(parseExperiments(tidy, { env, deployedFunctions }).ok).toBe(true);
    expect(problemsOf(tidy.replace('control-round', 'control-rund'), { env, deployedFunctions })).toMatch(
      /^experiments\.yaml:6:\d+: arn: the control function 'control-rund' does not exist there; .*did you mean 'control-round'\?$/,
    );
  });

  it('redacts secret-looking headers and query parameters by default, configurable per experiment', () => {
    const [defaults] = loadExperiments(tidy, { env }).experiments;
    expect(defaults?.record.redactHeaders).toEqual(
      expect.arrayContaining(['authorization', 'x-api-key', 'x-auth-token']),
    );
    expect(defaults?.record.redactQuery).toEqual(expect.arrayContaining(['token', 'password', 'api_key']));
    const custom = tidy.replace(
      '    path: /round',
      '    path: /round\n    record: {defaultRedaction: false, redactQuery: [Session], redactHeaders: [X-Mine]}',
    );
    const [configured] = loadExperiments(custom, { env }).experiments;
    expect(configured?.record).toMatchObject({
      redactHeaders: ['authorization', 'cookie', 'proxy-authorization', 'set-cookie', 'x-mine'],
      redactQuery: ['session'],
    });
  });
});
