import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { CheckReport } from '../src/index.js';
import { repository, temporaryKit } from './temporary-kit.js';

/**
 * Challenge 6 in every language the tutorial offers, on a temporary copy of the repository: one
 * local cloud with the controls and the scientist, then a fork per language with
 * `scientist new candidate fizzbuzz --lang <language>`, completed from the instructors' reference
 * solution, deployed and uploaded. Check 6 judges every candidate in the experiment, so one run
 * of it covers all five.
 */
const kit = temporaryKit('scientist-fizzbuzz-');
const { root, scientist, ok } = kit;
const solutions = path.join(repository, 'docs/instructors/solutions/06-fizzbuzz');
const languages = ['node', 'python', 'go', 'java', 'ruby'] as const;

afterAll(() => kit.dispose());

const timings: [string, number][] = [];
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push([name, Math.round((performance.now() - started) / 100) / 10]);
  return result;
}

/** Lays a solution's files over the fork, each one replacing a file the fork already has. */
function complete(fork: string, solution: string, relative = ''): void {
  for (const entry of readdirSync(path.join(solution, relative), { withFileTypes: true })) {
    const file = path.join(relative, entry.name);
    if (entry.isDirectory()) {
      complete(fork, solution, file);
      continue;
    }
    // A solution file the fork lacks means the skeleton's layout moved: the solution would not be used.
    expect(existsSync(path.join(fork, file)), `${path.join(fork, file)} to exist`).toBe(true);
    cpSync(path.join(solution, file), path.join(fork, file));
  }
}

test('a fizzbuzz candidate forked in each of the five languages and completed from its solution passes check 6', async () => {
  await timed('cloud, controls and scientist', async () => {
    await ok('up', '--bare', '--detach', '--port', '0');
    // All four controls, as challenge 2 has them: the upload checks every experiment's control.
    await ok(
      'deploy',
      ...['round', 'sort', 'fizzbuzz', 'pbkdf2'].map((fn) => `functions/${fn}/control-node`),
      'packages/scientist',
    );
  });

  const forks = new Map<string, string>();
  for (const language of languages) {
    await timed(language, async () => {
      const created = await ok('new', 'candidate', 'fizzbuzz', '--lang', language);
      const dir = /^created (functions\/fizzbuzz\/\S+)/m.exec(created)?.[1];
      expect(dir, `the fork's folder in: ${created}`).toBeDefined();
      complete(path.join(root, dir!), path.join(solutions, language));
      await ok('deploy', dir!);
      forks.set(language, path.basename(dir!));
    });
  }

  const report = await timed('upload and check 6', async () => {
    await ok('experiments', 'upload');
    const run = await scientist('check', '6', '--json');
    return { ...(JSON.parse(run.stdout) as CheckReport), exitCode: run.code ?? -1 };
  });
  process.stdout.write(
    `fizzbuzz per language timings (s): ${timings.map(([name, seconds]) => `${name} ${seconds}`).join(', ')}; total ${timings.reduce((sum, [, s]) => sum + s, 0).toFixed(1)}\n`,
  );

  const failing = report.steps.filter((step) => step.passed !== true);
  expect(failing, JSON.stringify(failing, null, 2)).toEqual([]);
  expect(report).toMatchObject({ challenge: 6, passed: true, exitCode: 0 });
  // Every fork was judged, not only some: each is named in the spec step and in the control's bug.
  const detail = (id: string) => report.steps.find((step) => step.id === id)?.detail ?? '';
  for (const id of forks.values()) {
    expect(detail('matches-spec')).toContain(id);
    expect(detail('control-bug-found')).toMatch(new RegExp(`from=(\\d+)&to=\\1 → control "", ${id} "`));
  }
});
