import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installUnderLock } from '../src/runtimes/runtime-client-install.js';

describe('runtime client installs (lock directory, staging renamed into place)', () => {
  let root: string;
  let target: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'runtime-client-install-'));
    target = path.join(root, 'client');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lets one of several concurrent installers work; the others wait and find the finished install', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const installs: string[] = [];
    const install = async (staging: string) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      installs.push(staging);
      mkdirSync(staging);
      await sleep(100);
      await writeFile(path.join(staging, 'client.txt'), 'installed');
      running -= 1;
    };
    // Separate calls, as from separate processes: only the lock directory keeps them apart.
    const results = await Promise.all(
      [1, 2, 3].map(() => installUnderLock(target, install, { timeoutMs: 5_000, pollMs: 20 })),
    );
    expect(results).toEqual([target, target, target]);
    expect({ installs: installs.length, mostAtOnce }).toEqual({ installs: 1, mostAtOnce: 1 });
    expect(readFileSync(path.join(target, 'client.txt'), 'utf8')).toBe('installed');
    expect(readdirSync(root)).toEqual(['client']);
  });

  it('takes over the lock of an installer that died, once the lock is older than an install may take', async () => {
    mkdirSync(`${target}.lock`);
    mkdirSync(`${target}.staging-999999`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${target}.lock`, old, old);
    await installUnderLock(target, async (staging) => mkdirSync(staging), { timeoutMs: 10_000, pollMs: 20 });
    expect(readdirSync(root)).toEqual(['client']);
  });

  it('reports a failed install and leaves neither staging nor lock behind, so the next deploy retries', async () => {
    const failing = async (staging: string) => {
      mkdirSync(staging);
      throw new Error('pip exited with 1: no network');
    };
    await expect(installUnderLock(target, failing, { timeoutMs: 5_000 })).rejects.toThrow(
      'pip exited with 1: no network',
    );
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});
