import { runTraffic, type TrafficSummary, type TrafficTarget } from '@serverless-scientist/traffic';
import { Command, InvalidArgumentError } from 'commander';
import { awsEndpointsDocument } from '../aws-endpoints-document.js';
import { regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { endpointsDocument } from '../endpoints-document.js';
import { deployedServices, runningCloud, stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { trafficTargets } from '../traffic-targets.js';

interface TrafficCommandOptions {
  rate: number;
  duration: number;
  experiment: string[];
  seed: number;
  target?: string;
  url?: string;
  stage?: string;
  region?: string;
  function?: string;
  json?: boolean;
}

function formatStatuses(statuses: Readonly<Record<string, number>>): string {
  return Object.entries(statuses)
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
}

/** The human-readable summary: totals, then one line per target. */
export function formatTrafficSummary(summary: TrafficSummary): string {
  const latency = (ms: number | null) => (ms === null ? '–' : `${ms} ms`);
  const lines = [
    `sent ${summary.requests} requests in ${summary.durationSeconds} s (${summary.ratePerSecond}/s, seed ${summary.seed})` +
      `${summary.dropped > 0 ? `, ${summary.dropped} dropped` : ''}: ${formatStatuses(summary.statuses) || 'no answers'}`,
    `latency p50 ${latency(summary.latencyMs.p50)}, p99 ${latency(summary.latencyMs.p99)}`,
  ];
  const width = Math.max(...Object.keys(summary.targets).map((name) => name.length));
  for (const [name, target] of Object.entries(summary.targets)) {
    lines.push(
      `  ${name.padEnd(width)}  ${String(target.requests).padStart(6)}  ${formatStatuses(target.statuses)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

export function trafficCommand(): Command {
  return new Command('traffic')
    .description("send realistic production traffic to the experiments at the scientist's URLs (or to --url)")
    .option('--rate <requests>', 'requests a second', positiveNumber, 5)
    .option('--duration <seconds>', 'how long to send', positiveNumber, 60)
    .option(
      '--experiment <id>',
      'only this experiment (repeat for more)',
      (id, ids: string[]) => [...ids, id],
      [],
    )
    .option('--seed <n>', 'the same seed sends the same requests', integer, 1)
    .option('--url <url>', "a URL to send to instead, e.g. a function's own (…/round)")
    .option(
      '--target <target>',
      "local (the running local cloud's scientist) or aws (the deployed scientist's); a URL here is the old spelling of --url",
      'local',
    )
    .option('--stage <stage>', 'with --target aws: the stage', 'dev')
    .option('--region <region>', regionOptionHelp)
    .option('--function <name>', "whose traffic to send to --url (default: the URL's last path segment)")
    .option('--json', 'print the summary as JSON')
    .action(async (options: TrafficCommandOptions) => {
      let targets: TrafficTarget[];
      let url = options.url;
      if (!url && /^https?:\/\//.test(options.target ?? '')) {
        process.stderr.write('scientist: `traffic --target <url>` is deprecated; use --url <url>\n');
        url = options.target;
      } else if (options.target !== 'local' && options.target !== 'aws') {
        throw new CliError(`--target must be local, aws or (deprecated) a URL, not '${options.target}'`);
      }
      if (url) {
        targets = trafficTargets({}, [], { url, function: options.function });
      } else if (options.target === 'aws') {
        const document = await awsEndpointsDocument({
          stage: options.stage ?? 'dev',
          region: options.region,
        });
        targets = trafficTargets(document.experiments, options.experiment);
      } else {
        const state = await runningCloud(stateDirectory(workspaceRoot()));
        const document = endpointsDocument(state, await deployedServices(state), state.root);
        targets = trafficTargets(document.experiments, options.experiment);
      }
      process.stderr.write(
        `traffic: ${options.rate}/s for ${options.duration} s to ${targets.map((t) => `${t.name} (${t.url})`).join(', ')}\n`,
      );
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      try {
        const summary = await runTraffic({
          targets,
          ratePerSecond: options.rate,
          durationSeconds: options.duration,
          seed: options.seed,
          signal: abort.signal,
          onProgress: (p) =>
            process.stderr.write(
              `traffic: ${p.elapsedSeconds} s, ${p.sent} sent, ${p.answered} answered, ${p.inFlight} waiting\n`,
            ),
        });
        process.stdout.write(
          options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatTrafficSummary(summary),
        );
        const answered = Object.entries(summary.statuses)
          .filter(([status]) => /^\d+$/.test(status))
          .reduce((sum, [, count]) => sum + count, 0);
        if (summary.requests > 0 && answered === 0) {
          throw new CliError(
            `none of ${summary.requests} requests was answered: is anything listening there?`,
          );
        }
      } finally {
        process.removeListener('SIGINT', stop);
      }
    });
}
