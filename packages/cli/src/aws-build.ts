import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { CliError } from './cli-error.js';

/**
 * Builds what the services need before `serverless deploy` or `package` (Go's bootstrap, Java's
 * jar, the scientist's bundle), the way `nx run <project>:deploy -c aws` does: through their Nx
 * build targets, cached, so nothing stale or missing is deployed.
 */
export async function buildServices(dirs: readonly string[], root: string): Promise<void> {
  const projects = dirs.map((dir) => {
    const service = parse(readFileSync(path.join(dir, 'serverless.yml'), 'utf8'))?.service;
    if (typeof service !== 'string')
      throw new CliError(`${path.join(dir, 'serverless.yml')}: no service name`);
    return service;
  });
  const result = await execa(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', projects.join(','), '--output-style=stream'],
    {
      cwd: root,
      reject: false,
      all: true,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    },
  );
  if (result.exitCode !== 0) {
    throw new CliError(
      `building ${projects.join(', ')} failed (exit ${result.exitCode}): ${String(result.all).trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
}
