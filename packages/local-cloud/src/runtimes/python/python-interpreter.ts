import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PythonInterpreter {
  /** Absolute path of the real interpreter binary (a pyenv shim costs ≈90 ms per start). */
  path: string;
  /** `3.11` */
  version: string;
  /** True when the runtime asked for another minor version than the one found. */
  substituted: boolean;
}

const cache = new Map<string, PythonInterpreter>();

/** The interpreter for `python3.X`: that exact minor version when installed, otherwise the default python3. */
export function pythonInterpreterFor(runtime: string): PythonInterpreter {
  const wanted = /^python(3\.\d+)$/.exec(runtime)?.[1];
  if (!wanted) throw new Error(`'${runtime}' is not a Python runtime (expected python3.X, e.g. python3.12).`);
  const cached = cache.get(wanted);
  if (cached) return cached;
  const exact = exactInterpreter(wanted);
  const found = exact
    ? { ...describe(exact), substituted: false }
    : { ...defaultInterpreter(), substituted: true };
  cache.set(wanted, found);
  return found;
}

function exactInterpreter(version: string): string | undefined {
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const pyenvVersions = path.join(pyenvRoot, 'versions');
  const fromPyenv = existsSync(pyenvVersions)
    ? readdirSync(pyenvVersions)
        .filter((name) => name === version || name.startsWith(`${version}.`))
        .sort(compareVersions)
        .reverse()
        .map((name) => path.join(pyenvVersions, name, 'bin', `python${version}`))
    : [];
  const system = ['/usr/local/bin', '/usr/bin'].map((dir) => path.join(dir, `python${version}`));
  return [...fromPyenv, ...system].find((candidate) => existsSync(candidate));
}

// Asks python3 on PATH where it really lives, which sees through pyenv's shims.
function defaultInterpreter(): { path: string; version: string } {
  let output: string;
  try {
    output = execFileSync(
      'python3',
      ['-c', 'import sys; print(sys.executable); print("%d.%d" % sys.version_info[:2])'],
      {
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    throw new Error(`No Python interpreter found: running python3 failed (${(error as Error).message}).`);
  }
  const [executable, version] = output.trim().split('\n');
  if (!executable || !version)
    throw new Error(`python3 did not report its executable and version: ${output}`);
  return { path: realpathSync(executable), version };
}

function describe(interpreter: string): { path: string; version: string } {
  const real = realpathSync(interpreter);
  const version = /python(\d+\.\d+)$/.exec(interpreter)?.[1] ?? '';
  return { path: real, version };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
