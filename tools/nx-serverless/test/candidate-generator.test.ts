import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree.js';
import { afterEach, beforeEach, expect, test } from 'vitest';
import candidateGenerator from '../src/generators/candidate/generator.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'candidate-generator-'));
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write(
    'functions/echo/control-node/serverless.yml',
    'service: control-echo\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  memorySize: 128\n',
  );
  write('functions/echo/control-node/handler.mjs', "export const handler = async () => 'control-echo';\n");
  write('functions/echo/control-node/node_modules/x/index.js', 'built, not forked\n');
  write(
    'packages/scientist/experiments.yaml',
    '# ours\nexperiments:\n  echo:\n    path: echo\n    control: { name: Echo, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-echo" }\n    candidates: {}\n',
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('nx g …:candidate plans the fork as changes of the tree and writes nothing itself', () => {
  const tree = new FsTree(root, false);
  const done = candidateGenerator(tree, { function: 'echo', lang: 'node', memory: 1024 });
  expect(
    tree
      .listChanges()
      .map((change) => `${change.type} ${change.path}`)
      .sort(),
  ).toEqual([
    'CREATE functions/echo/candidate-node-1024/handler.mjs',
    'CREATE functions/echo/candidate-node-1024/serverless.yml',
    'UPDATE packages/scientist/experiments.yaml',
  ]);
  expect(tree.read('functions/echo/candidate-node-1024/serverless.yml', 'utf-8')).toBe(
    'service: candidate-echo-node-1024\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  memorySize: 1024\n',
  );
  expect(tree.read('packages/scientist/experiments.yaml', 'utf-8')).toContain(
    '    candidates:\n      candidate-node-1024: { name: "echo Node 1024 MB", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-echo-node-1024" }\n',
  );
  expect(readdirSync(join(root, 'functions/echo'))).toEqual(['control-node']);
  expect(typeof done).toBe('function');
});

test('a language the function has no variant in is refused with what to do', () => {
  expect(() => candidateGenerator(new FsTree(root, false), { function: 'echo', lang: 'go' })).toThrow(
    'functions/echo has no go variant to fork',
  );
});
