// @ts-check
// The AWS-side Python tools (cfn-lint, moto's server), installed by the project itself into a
// virtual environment beside this plugin, so a clean machine needs only python3 and PyPI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pluginRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const requirementsFile = join(pluginRoot, 'python', 'requirements.txt');
const venv = join(pluginRoot, '.venv');
/** The requirements the venv was made from: a changed pin makes a new venv. */
const stamp = join(venv, 'installed-requirements.txt');
const lockDir = `${venv}.lock`;

/** @typedef {{ python: string, cfnLint: string, motoServer: string }} PythonTools */

/** @returns {PythonTools} */
function toolPaths() {
  const bin = join(venv, 'bin');
  return {
    python: join(bin, 'python'),
    cfnLint: join(bin, 'cfn-lint'),
    motoServer: join(bin, 'moto_server'),
  };
}

function installed() {
  const wanted = readFileSync(requirementsFile, 'utf8');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(toolPaths().cfnLint);
}

/** Whether the lock's owner is gone (a killed install leaves its lock behind). */
function lockOwnerGone() {
  let pid;
  try {
    pid = Number(readFileSync(`${lockDir}/pid`, 'utf8'));
  } catch {
    // No pid yet: the owner is between taking the lock and writing it, unless that was long ago.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'ESRCH';
  }
}

/** Waits for another process's install (Nx runs tasks in parallel), taking the lock when it is free. */
function takeLock() {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(`${lockDir}/pid`, String(process.pid));
      return;
    } catch {
      if (lockOwnerGone()) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`${lockDir} is held for 10 minutes; remove it if no install runs`);
      execFileSync('sleep', ['1']);
    }
  }
}

/**
 * The tools, installed on first use (≈1.5 min from PyPI) and reused while the pins are unchanged.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {PythonTools}
 */
export function pythonTools(options = {}) {
  if (installed()) return toolPaths();
  takeLock();
  try {
    if (installed()) return toolPaths();
    const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    log(
      `installing ${readFileSync(requirementsFile, 'utf8')
        .match(/^[a-z].*$/gm)
        ?.join(', ')} into ${venv}`,
    );
    rmSync(venv, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(
      toolPaths().python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirementsFile],
      { stdio: 'inherit' },
    );
    writeFileSync(stamp, readFileSync(requirementsFile, 'utf8'));
    return toolPaths();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
