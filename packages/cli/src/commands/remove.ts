import path from 'node:path';
import { Command, Option } from 'commander';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { workspaceRoot } from '../local-cloud-client.js';
import { runServerless } from '../serverless-cli.js';
import { serviceDirs } from '../service-dirs.js';

export function removeCommand(): Command {
  return new Command('remove')
    .description('remove deployed services from AWS (serverless remove: stack, functions, table, logs)')
    .argument(
      '[dir...]',
      'service directories holding a serverless.yml (default: this one, or every service)',
    )
    .addOption(
      new Option('--target <target>', 'where to remove from (the local cloud: `scientist down`)')
        .choices(['local', 'aws'])
        .default('aws'),
    )
    .option('--stage <stage>', 'the stage', 'dev')
    .option('--region <region>', regionOptionHelp)
    .action(async (dirs: string[], options: { target: 'local' | 'aws'; stage: string; region?: string }) => {
      if (options.target === 'local') {
        throw new CliError('the local cloud keeps nothing once stopped: `scientist down` removes everything');
      }
      const root = workspaceRoot();
      const region = awsRegion(options.region);
      // In the reverse of deploy order (every service, then the scientist): the scientist, which
      // invokes the others, goes first.
      const targets = (await serviceDirs(dirs, root)).reverse();
      for (const dir of targets) {
        await runServerless('remove', dir, { region, stage: options.stage, root });
        process.stdout.write(
          `removed ${path.relative(root, dir) || '.'} (stage ${options.stage}, ${region})\n`,
        );
      }
    });
}
