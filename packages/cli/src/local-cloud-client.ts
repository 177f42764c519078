import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  type DeployedService,
  defaultStateDir,
  type LocalCloudState,
  type LocalCloudStatus,
  readLiveState,
} from '@serverless-scientist/local-cloud';
import { CliError } from './cli-error.js';

/** The workspace root: the nearest directory upwards holding nx.json (else the start directory). */
export function workspaceRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (let depth = 0; depth < 64; depth++) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(start);
}

/** Where the local cloud keeps its state: `SCIENTIST_STATE_DIR`, else `<root>/.scientist`. */
export function stateDirectory(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SCIENTIST_STATE_DIR ?? defaultStateDir(root));
}

export const noCloudMessage = 'no local cloud runs here; start one with `scientist up --detach`';

/** The running local cloud's state, or a CliError saying none runs. */
export async function runningCloud(stateDir: string): Promise<LocalCloudState> {
  const state = await readLiveState(stateDir);
  if (!state) throw new CliError(noCloudMessage);
  return state;
}

/** Calls the running local cloud's admin API (`/_local-cloud/…`) and returns its JSON answer. */
export async function adminRequest<T>(
  state: LocalCloudState,
  method: 'GET' | 'POST',
  adminPath: string,
  body?: unknown,
  timeoutMs = 600_000,
): Promise<T> {
  const url = `${state.endpoints.gateway}/_local-cloud${adminPath}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new CliError(`the local cloud (pid ${state.pid}) does not answer at ${url}`, 1, { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) {
    throw new CliError(
      answer.message ?? `the local cloud answered ${response.status} to ${method} ${adminPath}`,
    );
  }
  return answer;
}

export function cloudStatus(state: LocalCloudState): Promise<LocalCloudStatus> {
  return adminRequest<LocalCloudStatus>(state, 'GET', '/status');
}

export function deployedServices(state: LocalCloudState): Promise<DeployedService[]> {
  return adminRequest<DeployedService[]>(state, 'GET', '/services');
}

/**
 * Every service `scientist up` deploys: `functions/<fn>/<variant>/serverless.yml`, then the
 * scientist (`packages/scientist/serverless.yml`) last, so its functions find the others deployed.
 */
export async function discoverServices(root: string): Promise<string[]> {
  const found: string[] = [];
  const functionsDir = path.join(root, 'functions');
  const functionNames = existsSync(functionsDir) ? await readdir(functionsDir, { withFileTypes: true }) : [];
  for (const fn of functionNames
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const variants = await readdir(path.join(functionsDir, fn.name), { withFileTypes: true });
    for (const variant of variants
      .filter((entry) => entry.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = path.join(functionsDir, fn.name, variant.name);
      if (existsSync(path.join(dir, 'serverless.yml'))) found.push(dir);
    }
  }
  const scientist = path.join(root, 'packages', 'scientist');
  if (existsSync(path.join(scientist, 'serverless.yml'))) found.push(scientist);
  return found;
}
