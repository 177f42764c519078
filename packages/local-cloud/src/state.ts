import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a running local cloud writes to `<stateDir>/state.json`, so other commands can find it. */
export interface LocalCloudState {
  pid: number;
  root: string;
  host: string;
  ports: { gateway: number; lambda: number; dynamodb: number };
  endpoints: { gateway: string; lambda: string; dynamodb: string };
  /** ISO 8601. */
  startedAt: string;
}

/** `<root>/.scientist`, where the local cloud keeps its state, logs and tables. */
export function defaultStateDir(root: string): string {
  return path.join(root, '.scientist');
}

export function stateFile(stateDir: string): string {
  return path.join(stateDir, 'state.json');
}

export async function writeState(stateDir: string, state: LocalCloudState): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(stateFile(stateDir), `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeState(stateDir: string, pid = process.pid): Promise<void> {
  const current = await readState(stateDir);
  // Another local cloud may have taken the directory over since; leave its state alone.
  if (current && current.pid !== pid) return;
  await rm(stateFile(stateDir), { force: true });
}

/** The state of the local cloud running for `stateDir`, or undefined when none runs there. */
export async function readState(stateDir: string): Promise<LocalCloudState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile(stateDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as LocalCloudState;
  } catch {
    return undefined;
  }
}

/** The state of a local cloud whose process is alive; a leftover state.json of a dead one is ignored. */
export async function readLiveState(stateDir: string): Promise<LocalCloudState | undefined> {
  const state = await readState(stateDir);
  return state && isProcessAlive(state.pid) ? state : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
