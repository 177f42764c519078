import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CliError } from './cli-error.js';

const require = createRequire(import.meta.url);
const endpointPreload = fileURLToPath(new URL('../bin/serverless-endpoint.cjs', import.meta.url));

/**
 * Runs `serverless <command>` in a service directory with the region and stage the CLI chose, so
 * the framework and the CLI agree on both. With AWS_ENDPOINT_URL set, the framework is pointed at it.
 */
export async function runServerless(
  command: 'deploy' | 'remove' | 'info',
  dir: string,
  options: { region: string; stage: string; root: string; quiet?: boolean },
): Promise<void> {
  const serverless = require.resolve('serverless/bin/serverless.js', { paths: [dir, options.root] });
  const env: Record<string, string> = { SLS_TELEMETRY_DISABLED: '1' };
  if (process.env.AWS_ENDPOINT_URL) {
    env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${endpointPreload}`].filter(Boolean).join(' ');
  }
  const result = await execa(
    process.execPath,
    [serverless, command, '--region', options.region, '--stage', options.stage],
    {
      cwd: dir,
      stdio: options.quiet ? 'pipe' : 'inherit',
      reject: false,
      env,
      ...(options.quiet ? { all: true } : {}),
    },
  );
  if (result.exitCode !== 0) {
    const tail = options.quiet
      ? `: ${String(result.all ?? '')
          .trim()
          .split('\n')
          .slice(-3)
          .join(' ')}`
      : '';
    throw new CliError(
      `serverless ${command} failed in ${path.relative(options.root, dir) || '.'} (exit ${result.exitCode})${tail}`,
    );
  }
}
