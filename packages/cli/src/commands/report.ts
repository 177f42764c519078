import { writeFileSync } from 'node:fs';
import { loadExperiments } from '@serverless-scientist/core';
import { InvalidRequestError, ResultsQuery } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { evidenceReport } from '../evidence-report.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

interface ReportFlags extends StoreFlags {
  minutes: string;
  since?: string;
  until?: string;
  output?: string;
}

export function reportCommand(): Command {
  return addStoreFlags(
    new Command('report')
      .description("write an experiment's evidence as Markdown, fit for a pull request or a change ticket")
      .argument('<experiment>', 'the experiment')
      .option('--minutes <n>', 'the window, ending now', '60')
      .option('--since <time>', 'window start (ISO 8601 or epoch ms), as `results --since`')
      .option('--until <time>', 'window end (default now)')
      .option('-o, --output <file>', 'write the Markdown here instead of stdout'),
  ).action(async (id: string, flags: ReportFlags) => {
    const minutes = Number(flags.minutes);
    if (!(minutes > 0)) throw new CliError(`--minutes ${flags.minutes}: must be a positive number`);
    const store = await storeFor(flags);
    try {
      const current = await store.currentDefinition();
      if (!current) throw new CliError('no experiments uploaded yet; run `scientist experiments upload`');
      const { experiments } = loadExperiments(current.source, { file: `stored version ${current.version}` });
      const experiment = experiments.find((candidate) => candidate.id === id);
      if (!experiment)
        throw new CliError(`no experiment '${id}'; known: ${experiments.map((e) => e.id).join(', ')}`);
      const query = new ResultsQuery(store);
      const window = {
        minutes,
        ...(flags.since ? { since: flags.since } : {}),
        ...(flags.until ? { until: flags.until } : {}),
      };
      const resolved = query.window(window);
      const fixed = { since: `${resolved.from}Z`, until: `${resolved.to}Z` };
      const [summary, groups, history, rollout] = await Promise.all([
        query.summary(experiment, fixed),
        query.mismatchGroups(experiment, fixed),
        store.definitionHistory(),
        store.rollout(experiment.id),
      ]);
      const stamp = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
      const markdown = evidenceReport({
        summary,
        groups,
        definition: {
          version: current.version,
          uploadedAt: stamp(current.uploadedAt),
          origin: current.origin,
        },
        versions: history
          .filter((version) => {
            const minute = stamp(version.uploadedAt)?.slice(0, 16);
            return minute !== undefined && minute >= resolved.from && minute <= resolved.to;
          })
          .map((version) => ({
            version: version.version,
            uploadedAt: stamp(version.uploadedAt),
            origin: version.origin,
          })),
        ...(rollout
          ? {
              rollout: {
                candidate: rollout.plan.candidate,
                state: rollout.state.state,
                percent: rollout.state.percent,
                steps: rollout.plan.steps,
                history: rollout.state.history,
              },
            }
          : {}),
      });
      if (flags.output) writeFileSync(flags.output, markdown);
      else process.stdout.write(markdown);
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (error instanceof InvalidRequestError) throw new CliError(error.message);
      throw new CliError(`cannot write the report: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
