import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Bundles the Lambda handlers once before any test file runs: the end-to-end and packaging tests
 * deploy and package the real build, and must not rebuild it under each other's feet.
 */
export default async function bundleHandlers(): Promise<void> {
  const packageDir = path.resolve(import.meta.dirname, '..');
  await promisify(execFile)(process.execPath, ['scripts/bundle.mjs'], { cwd: packageDir, timeout: 60_000 });
}
