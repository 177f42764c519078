import path from 'node:path';
import type { DeployedService } from '@serverless-scientist/local-cloud';
import { Command, Option } from 'commander';
import { buildServices } from '../aws-build.js';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { adminRequest, runningCloud, stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { runServerless } from '../serverless-cli.js';
import { serviceDirs } from '../service-dirs.js';

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
    .option('--region <region>', `with --target aws: ${regionOptionHelp}`)
    .action(async (dirs: string[], options: { target: 'local' | 'aws'; stage?: string; region?: string }) => {
      const root = workspaceRoot();
      const targets = await serviceDirs(dirs, root);
      if (targets.length === 0) throw new CliError('no services to deploy: no serverless.yml found');
      if (options.target === 'aws') {
        await buildServices(targets, root);
        const region = awsRegion(options.region);
        for (const dir of targets) {
          const started = performance.now();
          await runServerless('deploy', dir, { region, stage: options.stage ?? 'dev', root });
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(`deployed ${path.relative(root, dir) || '.'} to ${region} in ${seconds} s\n`);
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
