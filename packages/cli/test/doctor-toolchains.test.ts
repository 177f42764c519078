import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, test } from 'vitest';
import { ensureBuilt } from './built-cli.js';

const emptyBin = mkdtempSync(path.join(tmpdir(), 'scientist-path-'));
afterAll(() => rmSync(emptyBin, { recursive: true, force: true }));

test('doctor --toolchains fails with one line and an install command per missing tool', async () => {
  const bin = await ensureBuilt();
  // A PATH that holds node and nothing else: every other toolchain is missing.
  symlinkSync(process.execPath, path.join(emptyBin, 'node'));
  const run = await execa(process.execPath, [bin, 'doctor', '--toolchains'], {
    reject: false,
    env: { PATH: emptyBin, CHROMIUM_PATH: path.join(emptyBin, 'no-chromium') },
    extendEnv: false,
  });
  expect(run.exitCode).toBe(1);
  const missing = run.stdout.split('\n').filter((line) => line.startsWith('missing '));
  expect(missing.map((line) => line.split(':')[0])).toEqual(
    expect.arrayContaining(['missing runtime go', 'missing runtime ruby', 'missing maven', 'missing pytest']),
  );
  const installs = run.stdout.split('\n').filter((line) => line.startsWith('  install: '));
  expect(installs).toHaveLength(missing.length);
  expect(run.stdout).toContain('  install: sudo apt-get install -y maven');
  expect(run.stderr).toMatch(/^scientist: \d+ checks failed: /);
}, 60_000);

test('doctor --toolchains answers in one line when everything is there', async () => {
  const bin = await ensureBuilt();
  const run = await execa(process.execPath, [bin, 'doctor', '--toolchains'], { reject: false });
  // This machine runs the whole suite, so it has every toolchain.
  expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({
    exitCode: 0,
    stdout: 'toolchains ready: node, python, ruby, java, go, maven, pytest, chromium',
  });
}, 60_000);

test('--version prints the CLI version', async () => {
  const bin = await ensureBuilt();
  const run = await execa(process.execPath, [bin, '--version']);
  expect(run.stdout).toBe((await import('../package.json', { with: { type: 'json' } })).default.version);
}, 60_000);
