import { describe, expect, it } from 'vitest';
import { experimentFor, loadExperiments } from '../src/index.js';

const { experiments } = loadExperiments(`experiments:
  rounding:
    path: /round/
    control: {name: Round, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-round"}
    candidates: {}
  sorting:
    path: sort
    methods: [POST]
    control: {name: Sort, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-sort"}
    candidates: {}
`);

describe('experimentFor', () => {
  it('routes a path and method as API Gateway would', () => {
    const route = (path: string, method: string) => experimentFor(experiments, path, method)?.id ?? null;
    expect([
      route('round', 'GET'),
      route('/round/', 'delete'),
      route('%72ound', 'GET'),
      route('sort', 'POST'),
      route('sort', 'GET'),
      route('ro%ZZund', 'GET'),
      route('round/extra', 'GET'),
    ]).toEqual(['rounding', 'rounding', 'rounding', 'sorting', null, null, null]);
  });
});
