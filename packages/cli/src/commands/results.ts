import { loadExperiments } from '@serverless-scientist/core';
import {
  DEFAULT_WINDOW_MINUTES,
  type ExperimentSummary,
  ResultsQuery,
  readApiToken,
} from '@serverless-scientist/scientist';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

interface ResultsFlags extends StoreFlags {
  json?: boolean;
  minutes: number;
  url?: string;
  token?: string;
}

type ResultsDocument = { experiments: readonly ExperimentSummary[] };

/**
 * Results through a scientist's data API (`--url`), for a scientist whose store this machine
 * cannot reach: beyond loopback it needs the bearer token.
 */
async function resultsFromDataApi(flags: ResultsFlags & { url: string }): Promise<ResultsDocument> {
  const token = flags.token ?? process.env.SCIENTIST_API_TOKEN ?? savedToken();
  const url = `${flags.url.replace(/\/+$/, '')}/_scientist/api/results?minutes=${flags.minutes}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(`cannot reach the data API at ${url}: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => undefined)) as
    | (ResultsDocument & { message?: string })
    | undefined;
  if (!response.ok || !body?.experiments) {
    throw new CliError(
      `the data API at ${url} answered ${response.status}: ${body?.message ?? 'not a results document'}`,
    );
  }
  return body;
}

function savedToken(): string | undefined {
  try {
    return readApiToken(stateDirectory(workspaceRoot()));
  } catch {
    return undefined;
  }
}

function positive(value: string): number {
  const number = Number(value);
  if (!(number > 0)) throw new InvalidArgumentError('must be a positive number');
  return number;
}

const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} ms`);
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The human-readable form: one block per experiment, one line per candidate. */
export function formatResults(document: { experiments: readonly ExperimentSummary[] }): string {
  const lines: string[] = [];
  for (const experiment of document.experiments) {
    const { control } = experiment;
    lines.push(
      `${experiment.id} (/${experiment.path}), ${experiment.window.from}–${experiment.window.to} UTC`,
      `  control ${control.name}: ${control.samples} samples, p50 ${ms(control.latencyMs.p50)}, p99 ${ms(control.latencyMs.p99)}` +
        (control.skipped ? `, ${control.skipped} not shadowed` : '') +
        // Handed to a runner and never recorded: a runner crashed or was killed.
        (control.lost ? `, ${control.lost} lost by a runner` : '') +
        (control.inFlight ? `, ${control.inFlight} in flight` : ''),
    );
    for (const candidate of experiment.candidates) {
      const interval = candidate.matchRateInterval
        ? ` [${percent(candidate.matchRateInterval.low)}–${percent(candidate.matchRateInterval.high)}]`
        : '';
      lines.push(
        `  ${candidate.id} ${candidate.name}: ${candidate.samples} samples, match ${percent(candidate.matchRate)}${interval}` +
          `, ${candidate.mismatches} mismatches, ${candidate.errors} errors, ${candidate.timeouts} timeouts` +
          (candidate.dropped ? `, ${candidate.dropped} dropped` : '') +
          `, p50 ${ms(candidate.latencyMs.p50)}, p99 ${ms(candidate.latencyMs.p99)}`,
        `    ${candidate.verdict.summary}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function resultsCommand(): Command {
  return addStoreFlags(
    new Command('results')
      .description('per experiment and candidate: samples, matches, mismatches, errors, latency and verdict')
      .argument('[experiment]', 'only this experiment')
      .option('--json', 'print the stable JSON document')
      .option('--minutes <n>', 'the window, ending now', positive, DEFAULT_WINDOW_MINUTES)
      .option('--url <url>', "read through this scientist's data API instead of its store")
      .option(
        '--token <token>',
        'bearer token for --url beyond loopback (default: SCIENTIST_API_TOKEN, then .scientist/api-token)',
      ),
  ).action(async (only: string | undefined, flags: ResultsFlags) => {
    if (flags.url) {
      const all = await resultsFromDataApi({ ...flags, url: flags.url });
      const chosen = only === undefined ? all.experiments : all.experiments.filter((e) => e.id === only);
      if (chosen.length === 0) {
        throw new CliError(`no experiment '${only}'; known: ${all.experiments.map((e) => e.id).join(', ')}`);
      }
      const document = { experiments: chosen };
      process.stdout.write(flags.json ? `${JSON.stringify(document, null, 2)}\n` : formatResults(document));
      return;
    }
    const store = await storeFor(flags);
    try {
      const current = await store.currentDefinition();
      if (!current) throw new CliError('no experiments uploaded yet; run `scientist experiments upload`');
      const { experiments } = loadExperiments(current.source, { file: `stored version ${current.version}` });
      const chosen =
        only === undefined ? experiments : experiments.filter((experiment) => experiment.id === only);
      if (chosen.length === 0) {
        throw new CliError(`no experiment '${only}'; known: ${experiments.map((e) => e.id).join(', ')}`);
      }
      const document = await new ResultsQuery(store).results(chosen, flags.minutes);
      process.stdout.write(flags.json ? `${JSON.stringify(document, null, 2)}\n` : formatResults(document));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot read results: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
