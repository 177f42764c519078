import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first of `candidates` this process may execute, as given (links not resolved). */
export function firstExecutable(candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Missing or not executable: try the next place.
    }
  }
  return undefined;
}

/** `name` in each directory of PATH, in order. */
export function onPath(name: string): string[] {
  return (process.env.PATH ?? '/usr/bin')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name));
}
