import { type LocalCloudStatus, readLiveState } from '@serverless-scientist/local-cloud';
import { Command, Option } from 'commander';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
import { cloudFormation, type DeployedStack, describeStack, serviceFor } from '../aws-stacks.js';
import { cloudStatus, discoverServices, stateDirectory, workspaceRoot } from '../local-cloud-client.js';

/** The human-readable status: uptime, endpoints, CPU sharing, then each service and its functions. */
export function formatStatus(status: LocalCloudStatus): string {
  const lines = [
    `running (pid ${status.pid}) for ${formatDuration(status.uptimeSeconds)}`,
    `API Gateway ${status.endpoints.gateway}`,
    `Lambda      ${status.endpoints.lambda}`,
    `DynamoDB    ${status.endpoints.dynamodb}`,
    `CPU         ${status.cpuQuota.available ? `quota by ${status.cpuQuota.mechanism}` : 'NOT throttled'} (${status.cpuQuota.detail})`,
  ];
  if (status.services.length === 0) lines.push('no services deployed');
  for (const service of status.services) {
    lines.push(`${service.service} (stage ${service.stage}, ${service.region})`);
    for (const fn of service.functions) {
      const environments = `${fn.environments} environment${fn.environments === 1 ? '' : 's'}`;
      lines.push(
        `  ${fn.name}  ${fn.runtime}  ${fn.memorySizeMb} MB  ${environments}${fn.url ? `  ${fn.url}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Every service's stack on AWS, with its state and the functions it declares. */
export async function awsStacks(stage: string, region: string): Promise<DeployedStack[]> {
  const client = cloudFormation(region);
  try {
    const dirs = await discoverServices(workspaceRoot());
    return await Promise.all(
      dirs.map(async (dir) => describeStack(client, await serviceFor(dir, stage, region))),
    );
  } finally {
    client.destroy();
  }
}

export function formatAwsStatus(stacks: readonly DeployedStack[], stage: string, region: string): string {
  const lines = [`AWS ${region}, stage ${stage}`];
  const width = Math.max(...stacks.map((stack) => stack.stackName.length));
  for (const stack of stacks) {
    const functions = stack.definition.functions.map((fn) => `${fn.name} (${fn.runtime})`).join(', ');
    lines.push(
      `  ${stack.stackName.padEnd(width)}  ${stack.status}${stack.updatedAt ? ` ${stack.updatedAt}` : ''}  ${functions}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function statusCommand(): Command {
  return new Command('status')
    .description('show whether the local cloud runs, its ports, services and functions')
    .option('--json', 'print {running, …status} as JSON (--target aws: {region, stage, stacks})')
    .addOption(
      new Option('--target <target>', 'the local cloud, or the stacks on AWS')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--stage <stage>', 'with --target aws: the stage', 'dev')
    .option('--region <region>', regionOptionHelp)
    .action(async (options: { json?: boolean; target: 'local' | 'aws'; stage: string; region?: string }) => {
      if (options.target === 'aws') {
        const region = awsRegion(options.region);
        const stacks = await awsStacks(options.stage, region);
        const document = {
          region,
          stage: options.stage,
          stacks: stacks.map(({ definition, ...stack }) => ({
            ...stack,
            functions: definition.functions.map((fn) => ({ name: fn.name, runtime: fn.runtime })),
          })),
        };
        process.stdout.write(
          options.json
            ? `${JSON.stringify(document, null, 2)}\n`
            : formatAwsStatus(stacks, options.stage, region),
        );
        return;
      }
      const state = await readLiveState(stateDirectory(workspaceRoot()));
      if (!state) {
        process.stdout.write(options.json ? `${JSON.stringify({ running: false })}\n` : 'not running\n');
        return;
      }
      const status = await cloudStatus(state);
      process.stdout.write(
        options.json ? `${JSON.stringify({ running: true, ...status }, null, 2)}\n` : formatStatus(status),
      );
    });
}
