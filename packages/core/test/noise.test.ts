import { describe, expect, it } from 'vitest';
import {
  compare,
  confinedToNoise,
  createObservation,
  differingFields,
  formatProblem,
  loadExperiments,
  measuresNoise,
  parseExperiments,
} from '../src/index.js';

const experiment = (extra: string, methods = '[GET]') => `
experiments:
  clock:
    path: clock
    methods: ${methods}
    comparators: [body, statuscode, {headers: [content-type]}]
    control: {arn: control-clock}
    candidates:
      candidate-1: {arn: candidate-clock}
${extra}`;

describe('the noise check', () => {
  it('reads noise as a percentage of safe requests, or with the methods stated', () => {
    const [plain] = loadExperiments(experiment('    noise: 5', '[GET, POST]')).experiments;
    expect(plain?.noise).toEqual({ percent: 5, methods: ['GET'] });
    expect(measuresNoise(plain!, 'get')).toBe(true);
    expect(measuresNoise(plain!, 'POST')).toBe(false);
    const [stated] = loadExperiments(
      experiment('    noise: {percent: "10%", methods: [POST]}', '[POST]'),
    ).experiments;
    expect(stated?.noise).toEqual({ percent: 10, methods: ['POST'] });
    expect(loadExperiments(experiment('')).experiments[0]?.noise).toBeUndefined();
  });

  it('refuses noise where no shadowed method is safe to repeat, and bad values, where they are', () => {
    const result = parseExperiments(
      `${experiment('    noise: 5', '[POST]')}
  other:
    path: other
    control: {arn: a}
    candidates: {}
    noise: {percent: 150, method: [GET]}
`,
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toMatchInlineSnapshot(`
      [
        "experiments.yaml:10:12: noise runs the control twice, so only on GET or HEAD requests, and this experiment shadows POST: list the methods that are safe to repeat under noise.methods to state otherwise",
        "experiments.yaml:15:22: percent: expected a percentage from 0 to 100 (e.g. 25 or "25%"), got 150",
        "experiments.yaml:15:27: unknown key 'method' — did you mean 'methods'?",
      ]
    `);
  });

  it('names the fields that differ, and knows a mismatch confined to noisy fields', () => {
    const settings = loadExperiments(experiment('')).experiments[0]!.comparators;
    const observed = (variantId: string, body: string, type = 'application/json') =>
      createObservation({ variantId, statusCode: 200, headers: { 'content-type': type }, body });
    const control = observed('control', '{"at":"10:00:01","id":"a1","value":3}');
    const again = observed('_noise', '{"at":"10:00:02","id":"b7","value":3}');
    const noisy = new Set(differingFields(compare(settings, control, again)));
    expect([...noisy]).toEqual(['body:/at', 'body:/id']);
    const onlyNoise = compare(settings, control, observed('candidate-1', '{"at":"x","id":"y","value":3}'));
    expect(confinedToNoise(differingFields(onlyNoise), noisy)).toBe(true);
    const real = compare(
      settings,
      control,
      observed('candidate-1', '{"at":"x","id":"y","value":4}', 'text/json'),
    );
    expect(differingFields(real)).toEqual(['body:/at', 'body:/id', 'body:/value', 'header:content-type']);
    expect(confinedToNoise(differingFields(real), noisy)).toBe(false);
  });
});
