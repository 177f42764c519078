import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, expect, test } from 'vitest';
import type { CheckReport } from '../src/index.js';

/**
 * Challenge 6 in every language the tutorial offers, on a temporary copy of the repository: one
 * local cloud with the controls and the scientist, then a fork per language with
 * `scientist new candidate fizzbuzz --lang <language>`, completed from the instructors' reference
 * solution, deployed and uploaded. Check 6 judges every candidate in the experiment, so one run
 * of it covers all five.
 */
const repository = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repository, 'packages/cli/bin/scientist.js');
const solutions = path.join(repository, 'docs/instructors/solutions/06-fizzbuzz');
const languages = ['node', 'python', 'go', 'java', 'ruby'] as const;
const buildOutputs = new Set([
  'target',
  'bootstrap',
  '.serverless',
  '__pycache__',
  '.pytest_cache',
  'node_modules',
]);

const root = mkdtempSync(path.join(tmpdir(), 'scientist-fizzbuzz-'));
for (const entry of ['nx.json', 'functions', 'packages/scientist']) {
  cpSync(path.join(repository, entry), path.join(root, entry), {
    recursive: true,
    filter: (from) => !buildOutputs.has(path.basename(from)) && !from.includes(`${path.sep}.scientist`),
  });
}
symlinkSync(path.join(repository, 'node_modules'), path.join(root, 'node_modules'));

afterAll(async () => {
  await scientist('down');
  rmSync(root, { recursive: true, force: true });
});

const env = {
  FORCE_COLOR: '0',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  SLS_TELEMETRY_DISABLED: '1',
};

async function scientist(...args: string[]) {
  const run = await execa(process.execPath, [cli, ...args], {
    cwd: root,
    env,
    reject: false,
    timeout: 600_000,
  });
  return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}

async function ok(...args: string[]): Promise<string> {
  const run = await scientist(...args);
  if (run.code !== 0) throw new Error(`scientist ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  return run.stdout;
}

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
