import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { CheckReport } from '../src/index.js';
import { repository, temporaryKit } from './temporary-kit.js';

/**
 * The tutorial as an attendee does it, on a temporary copy of the repository: a bare start, then
 * challenges 1 to 7 as their READMEs say, each check failing before its step and passing after.
 * On the way it also shows check 5 failing with only one slip fixed and check 6 failing for a
 * fizzbuzz that ends in `\n`.
 */
const kit = temporaryKit('scientist-walkthrough-');
const { root, scientist, ok } = kit;
const solutions = path.join(repository, 'docs/instructors/solutions');

afterAll(() => kit.dispose());

async function check(challenge: number): Promise<CheckReport & { exitCode: number }> {
  const run = await scientist('check', String(challenge), '--json');
  return { ...(JSON.parse(run.stdout) as CheckReport), exitCode: run.code ?? -1 };
}

/** The ids of the steps that did not pass. */
const open = (report: CheckReport) =>
  report.steps.filter((step) => step.passed !== true).map((step) => step.id);
const step = (report: CheckReport, id: string) => report.steps.find((s) => s.id === id)!;

const timings: [string, number][] = [];
async function timed(name: string, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await work();
  timings.push([name, Math.round((performance.now() - started) / 100) / 10]);
}

function write(relative: string, text: string): void {
  writeFileSync(path.join(root, relative), text);
}

test('challenges 1 to 7 from a bare start, each check failing before its step and passing after', async () => {
  await timed('1 get started', async () => {
    const before = await check(1);
    expect(before.exitCode).toBe(1);
    expect(open(before)).toEqual(['cloud-running']);
    expect(await ok('up', '--bare', '--detach', '--port', '0')).toMatch(
      /nothing deployed, the store is empty/,
    );
    expect(await check(1)).toMatchObject({ challenge: 1, passed: true, exitCode: 0 });
  });

  await timed('2 deploy the controls', async () => {
    const before = await check(2);
    expect(open(before)).toEqual(['control-round', 'control-sort', 'control-fizzbuzz', 'control-pbkdf2']);
    expect(step(before, 'control-round').hint).toBe(
      'deploy it: npx scientist deploy functions/round/control-node',
    );
    await ok(
      'deploy',
      ...['round', 'sort', 'fizzbuzz', 'pbkdf2'].map((fn) => `functions/${fn}/control-node`),
    );
    const after = await check(2);
    expect(after.passed).toBe(true);
    expect(step(after, 'control-round').detail).toBe(
      'GET /round?number=62.5 → 200 text/plain "63", as documented',
    );
  });

  await timed('3 set up the scientist', async () => {
    const before = await check(3);
    expect(open(before)).toContain('scientist-deployed');
    await ok('deploy', 'packages/scientist');
    expect(open(await check(3))).toEqual([
      'experiments-uploaded',
      ...['round', 'sort', 'fizzbuzz', 'pbkdf2'].map((fn) => `experiment-${fn}`),
    ]);
    await ok('experiments', 'upload');
    await ok('traffic', '--duration', '3', '--rate', '4');
    expect(await check(3)).toMatchObject({ passed: true, exitCode: 0 });
  });

  await timed('4 round candidate', async () => {
    expect(open(await check(4))).toEqual(['candidate-deployed', 'samples', 'peculiarity-visible']);
    await ok('deploy', 'functions/round/candidate-python3-round');
    const after = await check(4);
    expect(after.passed).toBe(true);
    expect(step(after, 'peculiarity-visible').detail).toMatch(/-?\d+\.5 → control -?\d+, candidate -?\d+/);
  });

  const fixme = 'functions/sort/candidate-fixme/handler.py';
  const unfixed = readFileSync(path.join(root, fixme), 'utf8');
  await timed('5 fix sort', async () => {
    expect(open(await check(5))).toEqual(['candidate-deployed', 'samples', 'matches-control']);
    await ok('deploy', 'functions/sort/candidate-fixme');
    expect(open(await check(5))).toEqual(['matches-control']);
    // Only the content-type fixed: the list is still written with spaces, and that shows.
    write(fixme, unfixed.replace('"content-type": "text/plain"', '"content-type": "application/json"'));
    await ok('deploy', 'functions/sort/candidate-fixme');
    const oneSlip = await check(5);
    expect(open(oneSlip)).toEqual(['matches-control']);
    expect(step(oneSlip, 'matches-control').detail).toMatch(/\(body: \d+\)$/);
    write(fixme, readFileSync(path.join(solutions, '05-fix-sort/handler.py'), 'utf8'));
    await ok('deploy', 'functions/sort/candidate-fixme');
    expect(await check(5)).toMatchObject({ passed: true, exitCode: 0 });
  });

  await timed('6 fizzbuzz', async () => {
    expect(open(await check(6))).toEqual([
      'candidate-in-experiment',
      'candidate-deployed',
      'matches-spec',
      'control-bug-found',
    ]);
    expect(await ok('new', 'candidate', 'fizzbuzz', '--lang', 'node')).toMatch(/candidate-fizzbuzz-node-2/);
    const dir = 'functions/fizzbuzz/candidate-node-2';
    await ok('experiments', 'upload');
    await ok('deploy', dir);
    expect(open(await check(6))).toEqual(['candidate-deployed', 'matches-spec', 'control-bug-found']);
    const solution = readFileSync(path.join(solutions, '06-fizzbuzz/node/handler.mjs'), 'utf8');
    write(
      `${dir}/handler.mjs`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the candidate's own source, a template literal in it.
      solution.replace("return lines.join('\\n');", "return lines.map((line) => `${line}\\n`).join('');"),
    );
    await ok('deploy', dir);
    const trailing = await check(6);
    expect(open(trailing)).toEqual(['matches-spec', 'control-bug-found']);
    expect(step(trailing, 'matches-spec').detail).toContain('(a trailing \\n)');
    write(`${dir}/handler.mjs`, solution);
    await ok('deploy', dir);
    const after = await check(6);
    expect(after).toMatchObject({ passed: true, exitCode: 0 });
    expect(step(after, 'control-bug-found').detail).toMatch(
      /from=(\d+)&to=\1 → control "", candidate-node-2 "/,
    );
  });

  await timed('7 memory size', async () => {
    expect(open(await check(7))).toContain('memory-candidate');
    await ok('new', 'candidate', 'pbkdf2', '--lang', 'node', '--memory', '1024');
    await ok('experiments', 'upload');
    await ok('deploy', 'functions/pbkdf2/candidate-node-1024');
    const after = await check(7);
    if (step(after, 'cpu-quota').passed === true && step(after, 'verdict').passed === null) {
      // A machine too busy to compare fairly gets no winner named, and the check says why.
      expect(step(after, 'verdict').detail).toMatch(
        /verdict: not comparable: .*too busy for a fair comparison/,
      );
      expect(after.exitCode).toBe(1);
    } else if (step(after, 'cpu-quota').passed === true) {
      expect(after).toMatchObject({ passed: true, exitCode: 0 });
      expect(step(after, 'verdict').detail).toMatch(/verdict: candidate is faster/);
    } else {
      // Without a CPU quota the check says so instead of passing.
      expect(open(after)).toEqual(['cpu-quota', 'verdict']);
      expect(after.exitCode).toBe(1);
    }
  });

  process.stdout.write(
    `walkthrough timings (s): ${timings.map(([name, seconds]) => `${name} ${seconds}`).join(', ')}; total ${timings.reduce((sum, [, s]) => sum + s, 0).toFixed(1)}\n`,
  );
});
