import { loadExperiments } from '@serverless-scientist/core';
import {
  DEFAULT_WINDOW_MINUTES,
  type ExperimentSummary,
  InvalidRequestError,
  ResultsQuery,
  readApiToken,
  type WindowRequest,
} from '@serverless-scientist/scientist';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

interface ResultsFlags extends StoreFlags {
  json?: boolean;
  minutes: number;
  since?: string;
  until?: string;
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
  const url = `${flags.url.replace(/\/+$/, '')}/_scientist/api/results?${windowQuery(flags)}`;
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

/** The same window as the data API's `?minutes=` or `?since=&until=`. */
export function windowQuery(flags: { minutes: number; since?: string; until?: string }): string {
  const query = new URLSearchParams({ minutes: String(flags.minutes) });
  if (flags.since) query.set('since', flags.since);
  if (flags.until) query.set('until', flags.until);
  return query.toString();
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
const usd = (value: number | null | undefined) => (value == null ? '—' : `$${value.toFixed(2)}`);
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function signedUsd(value: number | null | undefined): string {
  if (value == null) return '—';
  return `${value < 0 ? '−' : '+'}$${Math.abs(value).toFixed(2)}`;
}

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
        (control.inFlight ? `, ${control.inFlight} in flight` : '') +
        (control.costPerMillionUsd != null
          ? `, ${control.memorySizeMb} MB, ${usd(control.costPerMillionUsd)} per 1M`
          : ''),
    );
    for (const candidate of experiment.candidates) {
      const interval = candidate.matchRateInterval
        ? ` [${percent(candidate.matchRateInterval.low)}–${percent(candidate.matchRateInterval.high)}]`
        : '';
      lines.push(
        `  ${candidate.id} ${candidate.name}: ${candidate.samples} samples, match ${percent(candidate.matchRate)}${interval}` +
          `, ${candidate.mismatches} mismatches, ${candidate.errors} errors, ${candidate.timeouts} timeouts` +
          (candidate.dropped ? `, ${candidate.dropped} dropped` : '') +
          // Present once the proxy serves candidates; a data API of an older scientist has neither.
          (candidate.served ? `, served ${candidate.served}` : '') +
          (candidate.fallbacks ? `, ${candidate.fallbacks} fell back to the control` : '') +
          `, p50 ${ms(candidate.latencyMs.p50)}, p99 ${ms(candidate.latencyMs.p99)}` +
          (candidate.noisyMismatches
            ? ` (${candidate.noisyMismatches} mismatches only in noisy fields)`
            : '') +
          (candidate.costPerMillionUsd != null
            ? `, ${candidate.memorySizeMb} MB, ${usd(candidate.costPerMillionUsd)} per 1M (${signedUsd(candidate.costDifferencePerMillionUsd)})`
            : ''),
        `    ${candidate.verdict.summary}`,
      );
    }
    const { noise } = experiment;
    if (noise) {
      const fields = noise.fields.map((entry) => `${entry.field} ×${entry.count}`).join(', ');
      lines.push(
        `  noise (the control against itself, ${noise.percent}% of safe requests): ${noise.samples} samples, ` +
          `differs ${percent(noise.noiseRate)}${fields ? ` in ${fields}` : ''}`,
        `    ${noise.verdict.summary}`,
      );
    }
    if (experiment.memoryAdvice) lines.push(`  memory: ${experiment.memoryAdvice.summary}`);
    const { rollout } = experiment;
    if (rollout) {
      lines.push(
        `  rollout of ${rollout.candidate}: ${rollout.state}, step ${rollout.step} of ${rollout.steps.length} (${rollout.percent}% served)` +
          (rollout.lastChange ? `; ${rollout.lastChange.at}: ${rollout.lastChange.reason}` : ''),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function windowOf(flags: { minutes: number; since?: string; until?: string }): WindowRequest {
  return {
    minutes: flags.minutes,
    ...(flags.since ? { since: flags.since } : {}),
    ...(flags.until ? { until: flags.until } : {}),
  };
}

export function resultsCommand(): Command {
  return addStoreFlags(
    new Command('results')
      .description('per experiment and candidate: samples, matches, mismatches, errors, latency and verdict')
      .argument('[experiment]', 'only this experiment')
      .option('--json', 'print the stable JSON document')
      .option('--minutes <n>', 'the window, ending now', positive, DEFAULT_WINDOW_MINUTES)
      .option('--since <time>', 'window start (ISO 8601 or epoch ms), as the data API’s ?since=')
      .option('--until <time>', 'window end (default now), as the data API’s ?until=')
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
      const document = await new ResultsQuery(store).results(chosen, windowOf(flags));
      process.stdout.write(flags.json ? `${JSON.stringify(document, null, 2)}\n` : formatResults(document));
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (error instanceof InvalidRequestError) throw new CliError(error.message);
      throw new CliError(`cannot read results: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
