// @ts-check
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

const SKIPPED = new Set(['node_modules', 'target', '.serverless']);

/**
 * Every functions/**\/serverless.yml under the workspace root, relative to it, sorted: the files
 * the plugin's glob matches, for code that runs outside Nx.
 * @param {string} workspaceRoot
 * @returns {string[]}
 */
export function findServiceFiles(workspaceRoot) {
  const functionsRoot = join(workspaceRoot, 'functions');
  return readdirSync(functionsRoot, { recursive: true, encoding: 'utf8' })
    .filter(
      (path) => path.endsWith(`${sep}serverless.yml`) && !path.split(sep).some((part) => SKIPPED.has(part)),
    )
    .map((path) => join('functions', path))
    .sort();
}
