import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where `scientist up` keeps the data API's bearer token, inside the local cloud's state directory. */
export const API_TOKEN_FILE = 'api-token';

/** The token saved in `stateDir`, if any. */
export function readApiToken(stateDir: string): string | undefined {
  try {
    return readFileSync(path.join(stateDir, API_TOKEN_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data API's token for a local cloud that listens beyond loopback: the saved one, so that a
 * restart keeps dashboards and scripts working, or a new random one saved readable by the owner
 * only.
 */
export function ensureApiToken(stateDir: string): string {
  const saved = readApiToken(stateDir);
  if (saved) return saved;
  const token = randomBytes(24).toString('base64url');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, API_TOKEN_FILE), `${token}\n`, { mode: 0o600 });
  return token;
}
