import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

/**
 * Builds the dashboard once before the tests open it, and checks that the scientist's Lambda bundle
 * is there to serve it (Nx builds it first: the test target depends on `scientist:build`).
 */
export default async function buildDashboard(): Promise<void> {
  const packageDir = path.resolve(import.meta.dirname, '..');
  const scientistBundle = path.resolve(packageDir, '../scientist/dist/lambda/api.mjs');
  const cliBuild = path.resolve(packageDir, '../cli/dist/main.js');
  if (!existsSync(cliBuild))
    throw new Error(`${cliBuild} is missing: build the CLI first (npx nx run cli:build)`);
  if (!existsSync(scientistBundle)) {
    throw new Error(`${scientistBundle} is missing: build the scientist first (npx nx run scientist:build)`);
  }
  await build({ root: packageDir, logLevel: 'warn' });
}
