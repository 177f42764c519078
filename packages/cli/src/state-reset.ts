import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the local cloud keeps between runs, and what each holds: what `reset` and `up --bare` clear. */
const clearable = [
  { entry: 'dynamodb', holds: 'DynamoDB tables: uploaded experiments and every result' },
  { entry: 'logs', holds: "functions' logs" },
  { entry: 'local-cloud.log', holds: 'the background local cloud’s own log' },
] as const;

export interface StateEntry {
  readonly path: string;
  readonly holds: string;
  readonly bytes: number;
}

function sizeOf(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(file).reduce((sum, entry) => sum + sizeOf(path.join(file, entry)), 0);
}

/** The state the local cloud has kept in `stateDir` (only entries that exist). */
export function keptState(stateDir: string): StateEntry[] {
  return clearable
    .map(({ entry, holds }) => ({ path: path.join(stateDir, entry), holds }))
    .filter((entry) => existsSync(entry.path))
    .map((entry) => ({ ...entry, bytes: sizeOf(entry.path) }));
}

export function clearState(entries: readonly StateEntry[]): void {
  for (const entry of entries) rmSync(entry.path, { recursive: true, force: true });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
