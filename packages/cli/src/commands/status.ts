import { type LocalCloudStatus, readLiveState } from '@serverless-scientist/local-cloud';
import { Command } from 'commander';
import { cloudStatus, stateDirectory, workspaceRoot } from '../local-cloud-client.js';

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

export function statusCommand(): Command {
  return new Command('status')
    .description('show whether the local cloud runs, its ports, services and functions')
    .option('--json', 'print {running, …status} as JSON')
    .action(async (options: { json?: boolean }) => {
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
