import { isProcessAlive, readLiveState, removeState } from '@serverless-scientist/local-cloud';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { adminRequest, stateDirectory, workspaceRoot } from '../local-cloud-client.js';

const gracefulMs = 15_000;
const forcedMs = 5_000;

/** Waits (bounded) for a process to exit; true when it did. */
async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isProcessAlive(pid);
}

/** Stops the local cloud of this workspace: asks it through the admin API, then by signal if it must. */
export async function bringDown(stateDir: string): Promise<string> {
  const state = await readLiveState(stateDir);
  if (!state) return 'no local cloud runs here';
  try {
    await adminRequest(state, 'POST', '/shutdown', undefined, 5_000);
  } catch {
    process.kill(state.pid, 'SIGTERM');
  }
  if (await exited(state.pid, gracefulMs)) return `local cloud stopped (pid ${state.pid})`;
  process.kill(state.pid, 'SIGKILL');
  if (!(await exited(state.pid, forcedMs))) {
    throw new CliError(`the local cloud (pid ${state.pid}) does not stop; end it by hand`);
  }
  // A killed cloud cannot remove its own state file.
  await removeState(stateDir, state.pid);
  return `local cloud killed (pid ${state.pid}) after it did not stop within ${gracefulMs / 1000} s`;
}

export function downCommand(): Command {
  return new Command('down').description('stop the local cloud').action(async () => {
    process.stdout.write(`${await bringDown(stateDirectory(workspaceRoot()))}\n`);
  });
}
