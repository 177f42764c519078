import { spawn } from 'node:child_process';

/**
 * Runs a command to completion with its output on our stderr (stdout carries only the figures),
 * killed after `timeoutMs`; rejects with the command, directory and exit status on failure.
 */
export function runCommand(command, args, { cwd, env = {}, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', process.stderr, process.stderr],
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start in ${cwd}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(undefined);
      else reject(new Error(`${command} ${args.join(' ')} failed in ${cwd} (${signal ?? `exit ${code}`})`));
    });
  });
}
