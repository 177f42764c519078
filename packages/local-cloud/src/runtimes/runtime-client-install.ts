import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { raised } from '../incidents.js';

export interface RuntimeClientInstallOptions {
  /** How long one install may take; a lock older than this belongs to an installer that died. */
  timeoutMs: number;
  /** How often a waiting installer looks again. */
  pollMs?: number;
}

export class RuntimeClientInstallTimeoutError extends Error {
  constructor(target: string, timeoutMs: number) {
    super(
      `Waited ${Math.round(timeoutMs / 1000)} s for another process to install ${target} (lock ${target}.lock); ` +
        'remove the lock if no install is running.',
    );
    this.name = 'RuntimeClientInstallTimeoutError';
  }
}

const inProcess = new Map<string, Promise<string>>();

/**
 * Installs a runtime interface client into `target` once, however many deploys, test workers or local clouds
 * ask at the same time. Within a process the callers share one promise; across processes an exclusive lock
 * directory (`<target>.lock`) lets one installer work while the others wait for `target` to appear. The
 * installer fills a staging directory that is renamed into place, so nobody ever sees half an install.
 */
export function installRuntimeClientOnce(
  target: string,
  install: (staging: string) => Promise<void>,
  options: RuntimeClientInstallOptions,
): Promise<string> {
  let pending = inProcess.get(target);
  if (!pending) {
    pending = installUnderLock(target, install, options);
    inProcess.set(target, pending);
    // A failed install may be retried by the next deploy; a finished one is found on disk from now on.
    pending.then(
      () => inProcess.delete(target),
      () => inProcess.delete(target),
    );
  }
  return pending;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The lock-and-rename protocol itself, without the in-process sharing (exported for its tests). */
export async function installUnderLock(
  target: string,
  install: (staging: string) => Promise<void>,
  { timeoutMs, pollMs = 200 }: RuntimeClientInstallOptions,
): Promise<string> {
  const lock = `${target}.lock`;
  await mkdir(path.dirname(target), { recursive: true });
  const deadline = Date.now() + timeoutMs + pollMs;
  for (;;) {
    if (await exists(target)) return target;
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lockAgeMs = await stat(lock).then(
        (lockStat) => Date.now() - lockStat.mtimeMs,
        () => 0,
      );
      if (lockAgeMs > timeoutMs) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new RuntimeClientInstallTimeoutError(target, timeoutMs);
      else await sleep(pollMs);
      continue;
    }
    const staging = `${target}.staging-${process.pid}`;
    try {
      // Another installer may have finished between our look and our lock.
      if (await exists(target)) return target;
      // Whoever left a staging directory behind died mid-install: only the lock holder installs.
      const stagingPrefix = `${path.basename(target)}.staging-`;
      for (const entry of await readdir(path.dirname(target))) {
        if (entry.startsWith(stagingPrefix))
          await rm(path.join(path.dirname(target), entry), { recursive: true, force: true });
      }
      await install(staging);
      await rename(staging, target);
      return target;
    } finally {
      await rm(staging, { recursive: true, force: true });
      // Gone already when another installer took it over as stale; any other failure leaves others waiting.
      await rmdir(lock).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') raised(`release the install lock ${lock}`, error);
      });
    }
  }
}
