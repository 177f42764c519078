import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DeployedService } from '@serverless-scientist/local-cloud';
import { Command, Option } from 'commander';
import { execa } from 'execa';
import { CliError } from '../cli-error.js';
import {
  adminRequest,
  discoverServices,
  runningCloud,
  stateDirectory,
  workspaceRoot,
} from '../local-cloud-client.js';

/** The directories to deploy: those given, else the current one when it holds a service, else every service. */
async function serviceDirs(dirs: string[], root: string): Promise<string[]> {
  if (dirs.length > 0) {
    return dirs.map((dir) => {
      const resolved = path.resolve(dir);
      if (!existsSync(path.join(resolved, 'serverless.yml')))
        throw new CliError(`no serverless.yml in ${resolved}`);
      return resolved;
    });
  }
  if (existsSync(path.join(process.cwd(), 'serverless.yml'))) return [process.cwd()];
  return discoverServices(root);
}

export function deployCommand(): Command {
  return new Command('deploy')
    .description(
      'deploy services (to the running local cloud by default; --target aws runs serverless deploy)',
    )
    .argument(
      '[dir...]',
      'service directories holding a serverless.yml (default: this one, or every service)',
    )
    .addOption(new Option('--target <target>', 'where to deploy').choices(['local', 'aws']).default('local'))
    .option('--stage <stage>', 'the stage, as serverless deploy --stage takes it')
    .action(async (dirs: string[], options: { target: 'local' | 'aws'; stage?: string }) => {
      const root = workspaceRoot();
      const targets = await serviceDirs(dirs, root);
      if (targets.length === 0) throw new CliError('no services to deploy: no serverless.yml found');
      if (options.target === 'aws') {
        for (const dir of targets) {
          const stage = options.stage ? ['--stage', options.stage] : [];
          const result = await execa('npx', ['serverless', 'deploy', ...stage], {
            cwd: dir,
            stdio: 'inherit',
            reject: false,
            env: { SLS_TELEMETRY_DISABLED: '1' },
          });
          if (result.exitCode !== 0) {
            throw new CliError(
              `serverless deploy failed in ${path.relative(root, dir) || '.'} (exit ${result.exitCode})`,
            );
          }
        }
        return;
      }
      const state = await runningCloud(stateDirectory(root));
      let failures = 0;
      for (const dir of targets) {
        const started = performance.now();
        try {
          const deployed = await adminRequest<DeployedService>(state, 'POST', '/deployments', {
            dir,
            ...(options.stage ? { stage: options.stage } : {}),
          });
          const ms = Math.round(performance.now() - started);
          process.stdout.write(
            `deployed ${deployed.service} (stage ${deployed.stage}, ${deployed.functions.length} functions) in ${ms} ms\n`,
          );
          for (const warning of deployed.warnings) process.stdout.write(`  note: ${warning}\n`);
        } catch (error) {
          failures++;
          process.stderr.write(
            `failed to deploy ${path.relative(root, dir) || dir}: ${(error as Error).message}\n`,
          );
        }
      }
      if (failures > 0) throw new CliError(`${failures} of ${targets.length} services failed to deploy`);
    });
}
