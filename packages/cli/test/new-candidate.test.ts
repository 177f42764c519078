import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alignTable, candidateLanguages, forkCandidate } from '../src/commands/new.js';
import { main } from '../src/main.js';

const repository = fileURLToPath(new URL('../../..', import.meta.url));
const buildOutputs = new Set([
  'target',
  'bootstrap',
  '.serverless',
  '__pycache__',
  '.pytest_cache',
  'node_modules',
]);

/** A temporary copy of what forking touches: the functions and the experiments file. */
function copyOfRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scientist-fork-'));
  cpSync(path.join(repository, 'functions'), path.join(root, 'functions'), {
    recursive: true,
    filter: (from) => !buildOutputs.has(path.basename(from)),
  });
  mkdirSync(path.join(root, 'packages/scientist'), { recursive: true });
  cpSync(
    path.join(repository, 'packages/scientist/experiments.yaml'),
    path.join(root, 'packages/scientist/experiments.yaml'),
  );
  return root;
}

describe('new candidate, in each of the five languages', () => {
  let root: string;
  let cloud: LocalCloud;

  beforeAll(async () => {
    root = copyOfRepository();
    cloud = await startLocalCloud({ root, port: 0, stateDir: path.join(root, '.scientist'), persist: false });
  }, 60_000);

  afterAll(async () => {
    await cloud?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test.each(candidateLanguages)(
    'a forked %s candidate of round deploys and answers',
    async (language) => {
      const forked = forkCandidate(root, { function: 'round', language });

      // round has no Node or plain Python candidate yet; Go, Java and Ruby ones exist, so those get a number.
      const expectedDir =
        { node: 'candidate-node', python: 'candidate-python' }[language as string] ??
        `candidate-${language}-2`;
      expect(forked.dir).toBe(`functions/round/${expectedDir}`);
      expect(forked.experiment).toEqual({ id: 'rounding-float', candidate: path.basename(forked.dir) });
      const experiments = readFileSync(path.join(root, 'packages/scientist/experiments.yaml'), 'utf8');
      expect(experiments).toContain(`arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${forked.service}`);
      const readme = readFileSync(path.join(root, 'functions/round/README.md'), 'utf8');
      const table = readme.split('\n').filter((line) => line.startsWith('|'));
      expect(new Set(table.map((line) => line.length)).size, 'the table stays aligned').toBe(1);
      const name = path.basename(forked.dir);
      expect(readme).toMatch(new RegExp(`\\| \\[${name}\\]\\(${name}\\) +\\| \`${forked.service}\` +\\|`));

      const deployed = await cloud.deploy(path.join(root, forked.dir));
      expect(deployed.functions.map((fn) => fn.name)).toEqual([forked.service]);
      const response = await fetch(`${deployed.routes[0]!.url}?number=62.5`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('63');
    },
    180_000,
  );

  test('a second fork in the same language gets the next number; the experiments file gains one line', () => {
    const file = path.join(root, 'packages/scientist/experiments.yaml');
    const before = readFileSync(file, 'utf8');
    expect(forkCandidate(root, { function: 'sort', language: 'ruby' }).service).toBe('candidate-sort-ruby-2');
    const after = readFileSync(file, 'utf8').split('\n');
    expect(after.filter((line) => !line.includes('candidate-sort-ruby-2')).join('\n')).toBe(before);
    expect(after.filter((line) => line.includes('candidate-sort-ruby-2'))).toEqual([
      '      candidate-ruby-2: { name: "sort Ruby (ruby-2)", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-sort-ruby-2" }',
    ]);
    expect(forkCandidate(root, { function: 'sort', language: 'ruby' }).service).toBe('candidate-sort-ruby-3');
    expect(forkCandidate(root, { function: 'sort', language: 'ruby', name: 'mine' }).dir).toBe(
      'functions/sort/candidate-mine',
    );
  });

  test('a skeleton joins an experiment without candidates: `candidates: {}` becomes its first line', () => {
    const file = path.join(root, 'packages/scientist/experiments.yaml');
    const before = readFileSync(file, 'utf8');
    expect(before).toContain('    candidates: {}\n');
    forkCandidate(root, { function: 'fizzbuzz', language: 'ruby' });
    expect(readFileSync(file, 'utf8')).toBe(
      before.replace(
        '    candidates: {}\n',
        '    candidates:\n      candidate-ruby-2: { name: "fizzbuzz Ruby (ruby-2)", arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-fizzbuzz-ruby-2" }\n',
      ),
    );
  });

  test('--memory forks the control with only its memory size changed', () => {
    const forked = forkCandidate(root, { function: 'pbkdf2', language: 'node', memory: 1024 });
    expect(forked).toMatchObject({
      service: 'candidate-pbkdf2-node-1024',
      source: 'functions/pbkdf2/control-node',
      experiment: { id: 'pbkdf2', candidate: 'candidate-node-1024' },
    });
    const read = (dir: string, file: string) => readFileSync(path.join(root, dir, file), 'utf8');
    expect(read(forked.dir, 'handler.mjs')).toBe(read(forked.source, 'handler.mjs'));
    expect(read(forked.dir, 'serverless.yml')).toBe(
      read(forked.source, 'serverless.yml')
        .replaceAll('control-pbkdf2', 'candidate-pbkdf2-node-1024')
        .replace('memorySize: 128', 'memorySize: 1024'),
    );
  });
});

test('an unknown function fails with one line that names the ones there are', async () => {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    expect(await main(['node', 'scientist', 'new', 'candidate', 'resize', '--lang', 'go'])).toBe(1);
  } finally {
    process.stderr.write = write;
  }
  expect(errors.join('')).toMatch(
    /^scientist: no function 'resize' in functions\/; there are .*fizzbuzz.*round/,
  );
});

test('tables are aligned the way the formatter writes them', () => {
  for (const fn of ['round', 'sort', 'fizzbuzz', 'pbkdf2']) {
    const tables = readFileSync(path.join(repository, 'functions', fn, 'README.md'), 'utf8')
      .split(/\n(?!\|)/)
      .map((block) => block.split('\n').filter((line) => line.startsWith('|')))
      .filter((rows) => rows.length > 0);
    expect(tables.length, fn).toBeGreaterThan(0);
    for (const rows of tables) expect(alignTable(rows), fn).toEqual(rows);
  }
});
