import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scientist } from './support/in-process-cli.js';
import { startTableCloud, type TableCloud } from './support/table-cloud.js';

const experiments = `experiments:
  rounding-float:
    comparators:
      - body:
      - statuscode:
    path: round
    control:
      name: Round Node
      arn: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round
    candidates:
      candidate-1:
        name: Round Python3-math
        arn: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math
`;

describe('scientist experiments, results and promote', () => {
  let dir: string;
  let local: TableCloud;
  let endpoint: string;

  beforeAll(async () => {
    local = await startTableCloud('scientist-cli-');
    ({ dir, endpoint } = local);
    writeFileSync(path.join(dir, 'experiments.yaml'), experiments);
    writeFileSync(
      path.join(dir, 'broken.yaml'),
      experiments.replace('    path: round\n', '    path: round\n    comparator: []\n'),
    );
  });
  afterAll(async () => local?.stop());

  test('validate accepts the seed format and reports problems at line:col', async () => {
    const good = await scientist('experiments', 'validate', path.join(dir, 'experiments.yaml'));
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toMatch(/experiments\.yaml: valid \(1 experiment, 1 candidate\)\n$/);
    const bad = await scientist('experiments', 'validate', path.join(dir, 'broken.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.yaml:7:5: unknown key 'comparator' — did you mean 'comparators'\?\n/);
    expect(bad.stderr).toMatch(
      /scientist: .*broken\.yaml is not valid \(1 problem\); see the lines above\n$/,
    );
  });

  test('upload refuses an invalid file and versions a valid one', async () => {
    const refused = await scientist(
      'experiments',
      'upload',
      path.join(dir, 'broken.yaml'),
      '--endpoint',
      endpoint,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not uploaded');
    const first = await scientist(
      'experiments',
      'upload',
      path.join(dir, 'experiments.yaml'),
      '--endpoint',
      endpoint,
    );
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/as version 1 \(1 experiment, 1 candidate\)\n$/);
    const second = await scientist(
      'experiments',
      'upload',
      path.join(dir, 'experiments.yaml'),
      '--endpoint',
      endpoint,
    );
    expect(second.stdout).toMatch(/as version 2 /);
  });

  test('results --json prints the contract shape, empty before any traffic', async () => {
    const { code, stdout } = await scientist('results', '--json', '--endpoint', endpoint);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.experiments).toHaveLength(1);
    const [experiment] = document.experiments;
    expect(experiment).toMatchObject({
      id: 'rounding-float',
      path: 'round',
      control: { name: 'Round Node', samples: 0, latencyMs: { p50: null, p95: null, p99: null } },
    });
    expect(experiment.candidates[0]).toMatchObject({
      id: 'candidate-1',
      name: 'Round Python3-math',
      samples: 0,
      matches: 0,
      mismatches: 0,
      errors: 0,
      timeouts: 0,
      dropped: 0,
      served: 0,
      fallbacks: 0,
      matchRate: null,
      latencyMs: { p50: null, p95: null, p99: null },
      verdict: { kind: 'inconclusive' },
    });
    const human = await scientist('results', '--endpoint', endpoint, '--minutes', '5');
    expect(human.stdout.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d/g, 'T')).toBe(
      [
        'rounding-float (/round), T–T UTC',
        '  control Round Node: 0 samples, p50 —, p99 —',
        '  candidate-1 Round Python3-math: 0 samples, match —, 0 mismatches, 0 errors, 0 timeouts, p50 —, p99 —',
        '    inconclusive: 0 paired samples; needs at least 20 more',
        '',
      ].join('\n'),
    );
    const unknown = await scientist('results', 'nope', '--endpoint', endpoint);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("scientist: no experiment 'nope'; known: rounding-float\n");
  });

  test('promote swaps control and candidate in the file and the store alike, and refuses unknown names', async () => {
    const file = path.join(dir, 'experiments.yaml');
    const missing = await scientist(
      'promote',
      'rounding-float',
      'candidate-9',
      '--file',
      file,
      '--endpoint',
      endpoint,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `scientist: ${file}: experiment 'rounding-float' has no candidate 'candidate-9' (its candidates: candidate-1)\n`,
    );
    const promoted = await scientist(
      'promote',
      'rounding-float',
      'candidate-1',
      '--file',
      file,
      '--endpoint',
      endpoint,
    );
    expect(promoted).toMatchObject({ code: 0, stderr: '' });
    expect(promoted.stdout).toBe(
      `promoted candidate-1 to control of rounding-float in ${file}, published as version 3 (was 2)\n`,
    );
    const { stdout } = await scientist('results', '--json', '--endpoint', endpoint);
    const [experiment] = JSON.parse(stdout).experiments;
    expect(experiment.control.name).toBe('Round Python3-math');
    expect(experiment.candidates.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([
      ['control-round', 'Round Node'],
    ]);
    // Uploading the file again publishes the promoted definitions, not the old ones.
    const again = await scientist('experiments', 'upload', file, '--endpoint', endpoint);
    expect(again.stdout).toMatch(/as version 4 /);
    const after = JSON.parse((await scientist('results', '--json', '--endpoint', endpoint)).stdout);
    expect(after.experiments[0].control.name).toBe('Round Python3-math');
  });

  test("--stage reads the stage's own table, and refuses a --table that names another", async () => {
    const dev = await scientist('results', '--json', '--endpoint', endpoint, '--stage', 'dev');
    expect(dev.code).toBe(0);
    expect(JSON.parse(dev.stdout).experiments.map((e: { id: string }) => e.id)).toEqual(['rounding-float']);
    const prod = await scientist(
      'experiments',
      'pull',
      path.join(dir, 'prod.yaml'),
      '--endpoint',
      endpoint,
      '--stage',
      'prod',
    );
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('scientist-prod');
    const both = await scientist(
      'results',
      '--endpoint',
      endpoint,
      '--stage',
      'prod',
      '--table',
      'scientist-dev',
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toBe(
      'scientist: --table scientist-dev and --stage prod (table scientist-prod) name different tables; pass one of them\n',
    );
  });
});
