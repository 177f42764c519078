import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const workspaceModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function manifestOf(dir: string) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

function builtEntry(dir: string): string {
  const entry: string = manifestOf(dir).exports?.['.']?.default ?? './dist/index.js';
  return path.join(dir, entry);
}

/**
 * The workspace packages the CLI imports at run time (their dist/), then the CLI itself; packages
 * without a build (plain JavaScript, such as the Nx plugin) run as they are.
 */
function packagesToBuild(): string[] {
  const workspace = Object.keys(manifestOf(cliDir).dependencies ?? {})
    .filter((name) => name.startsWith('@serverless-scientist/'))
    .map((name) => realpathSync(path.join(workspaceModules, name)))
    .filter((dir) => manifestOf(dir).scripts?.build !== undefined);
  return [...workspace, cliDir];
}

/**
 * The CLI's bin runs the built JavaScript (a detached `up` re-runs it), so commands tested as
 * processes need dist/ current. Nx builds the dependencies first; a direct `vitest run` may not.
 */
export async function ensureBuilt(): Promise<string> {
  for (const dir of packagesToBuild()) {
    const entry = builtEntry(dir);
    if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource(path.join(dir, 'src'))) continue;
    const build = await execa('npm', ['run', 'build', '--silent'], { cwd: dir, reject: false, all: true });
    // A failed build leaves the previous dist/ behind: testing that would test old code.
    if (build.exitCode !== 0 || !existsSync(entry))
      throw new Error(
        `building ${dir} failed (exit ${build.exitCode}); not testing a stale ${entry}:\n${build.all}`,
      );
  }
  return path.join(cliDir, 'bin', 'scientist.js');
}
