import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeployedService } from '@serverless-scientist/local-cloud';
import { afterAll, expect, test } from 'vitest';
import { endpointsDocument } from '../src/endpoints-document.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function service(name: string, functions: DeployedService['functions']): DeployedService {
  return {
    service: name,
    stage: 'dev',
    region: 'eu-west-1',
    dir: `/x/${name}`,
    functions,
    routes: [],
    tables: [],
    warnings: [],
    build: 'none',
    deployMs: 1,
  };
}

test('endpoints: the scientist, its dashboard, one URL per experiment, every function, the SDK endpoints', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'endpoints-'));
  dirs.push(root);
  await mkdir(path.join(root, 'packages/scientist'), { recursive: true });
  await writeFile(
    path.join(root, 'packages/scientist/experiments.yaml'),
    `experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode]
    control: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      candidate-1: { name: Round Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-go" }
  sort:
    path: sort
    methods: [POST]
    comparators: [body]
    control: { name: Sort Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-sort" }
    candidates:
      candidate-1: { name: Sort Go, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-go" }
`,
  );
  const gateway = 'http://127.0.0.1:3000';
  const document = endpointsDocument(
    { endpoints: { gateway, lambda: 'http://127.0.0.1:3001', dynamodb: 'http://127.0.0.1:3002' } },
    [
      service('control-round', [
        {
          name: 'control-round',
          arn: 'arn:…',
          runtime: 'nodejs22.x',
          memorySizeMb: 128,
          url: `${gateway}/control-round/dev/round`,
        },
      ]),
      service('scientist', [
        { name: 'scientist-dev-runner', arn: 'arn:…', runtime: 'nodejs20.x', memorySizeMb: 512 },
      ]),
    ],
    root,
  );
  expect(document).toMatchInlineSnapshot(`
    {
      "aws": {
        "dynamodb": "http://127.0.0.1:3002",
        "lambda": "http://127.0.0.1:3001",
      },
      "dashboard": "http://127.0.0.1:3000/scientist/dev/_scientist/",
      "experiments": {
        "rounding-float": {
          "method": "GET",
          "url": "http://127.0.0.1:3000/scientist/dev/round",
        },
        "sort": {
          "method": "POST",
          "url": "http://127.0.0.1:3000/scientist/dev/sort",
        },
      },
      "functions": {
        "control-round": {
          "memorySize": 128,
          "runtime": "nodejs22.x",
          "url": "http://127.0.0.1:3000/control-round/dev/round",
        },
        "scientist-dev-runner": {
          "memorySize": 512,
          "runtime": "nodejs20.x",
          "url": null,
        },
      },
      "scientist": "http://127.0.0.1:3000/scientist/dev",
    }
  `);
});
