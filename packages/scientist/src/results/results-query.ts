import { type Experiment, type LambdaPrice, lambdaPrice } from '@serverless-scientist/core';
import { type Clock, systemClock } from '../clock.js';
import { regionFrom } from '../deployment-region.js';
import { InvalidRequestError } from '../errors.js';
import type { RolloutStore } from '../rollout/rollout-store.js';
import { rolloutSummaryOf } from '../rollout/rollout-summary.js';
import { type ExperimentSummary, summarize } from './experiment-summary.js';
import { percentileOf } from './percentiles.js';
import { CONTROL_KEY, type HISTOGRAMS, minuteOf } from './request-record.js';
import type { ResultsStore } from './results-store.js';
import { storedBucketBounds } from './stored-histogram.js';
import type { StoredMismatch } from './stored-mismatch.js';
import { mergeRows, type VariantTotals } from './variant-totals.js';

export const DEFAULT_WINDOW_MINUTES = 60;
/** A week: the dashboard's longest view; longer windows read too many items to stay fast. */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * The window a question is about: the last `minutes` (ending with the current minute), or
 * `since`–`until` (ISO 8601 or epoch ms, whole minutes, both ends included; `until` defaults to now).
 */
export interface WindowRequest {
  readonly minutes?: number;
  readonly since?: string | number;
  readonly until?: string | number;
}

export interface ResultWindow {
  readonly from: string;
  readonly to: string;
}

function instantOf(name: string, value: string | number): number {
  const at = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(at)) {
    throw new InvalidRequestError(
      `${name} '${value}' is not a time: use ISO 8601 (2026-11-23T06:00Z) or epoch ms`,
    );
  }
  return at;
}

/**
 * The price the scientist's costs use: its region's (AWS_REGION, as Lambda sets it; eu-west-1 as
 * the stores default) and the architecture in SCIENTIST_ARCHITECTURE (x86_64 unless arm64).
 * Undefined for a region without a known price: costs are then null rather than wrong.
 */
export function priceFromEnvironment(environment: NodeJS.ProcessEnv = process.env): LambdaPrice | undefined {
  const region = regionFrom(environment);
  const architecture = environment.SCIENTIST_ARCHITECTURE === 'arm64' ? 'arm64' : 'x86_64';
  try {
    return lambdaPrice(region, architecture);
  } catch {
    return undefined;
  }
}

/** One bucket of a drawn distribution: values in (low, high] ms, or the zero bucket (low = high = 0). */
export interface DistributionBucket {
  readonly low: number;
  readonly high: number;
  readonly count: number;
}

/** A variant's distributions over the window: all, warm and cold client latency; function-side duration. */
export interface VariantDistribution {
  readonly client: readonly DistributionBucket[];
  readonly warm: readonly DistributionBucket[];
  readonly cold: readonly DistributionBucket[];
  readonly duration: readonly DistributionBucket[];
}

/** A group's example: a stored mismatch, of which every reader relies on when, what and the replay. */
export type MismatchExample = Pick<StoredMismatch, 'at' | 'diff' | 'curl'> & Partial<StoredMismatch>;

export interface MismatchGroup {
  readonly candidate: string;
  /** `body /price`, `body (text)`, `statuscode`, `header content-type`, `control failed`. */
  readonly key: string;
  readonly comparator: 'body' | 'statuscode' | 'header' | 'control';
  /** The JSON path (`/items/*\/price`) or header name, when there is one. */
  readonly where: string | null;
  readonly count: number;
  /** count ÷ the candidate's samples in the window. */
  readonly share: number;
  /** The newest recorded mismatch in this place, when one is still among the newest kept. */
  readonly example: MismatchExample | null;
}

/** One variant's counts and client latency in one minute. */
export interface SeriesVariant {
  readonly samples: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly coldStarts: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

export interface SeriesPoint {
  /** `2026-11-23T06:01`, UTC. */
  readonly minute: string;
  /** By variant: `control` and the candidates' ids. */
  readonly variants: Readonly<Record<string, SeriesVariant>>;
}

/**
 * Answers the data API's and `scientist results`' questions from the aggregate items: a summary
 * reads one Query of about `minutes` items per experiment, however many requests they count.
 */
export class ResultsQuery {
  private readonly clock: Clock;
  private readonly price: LambdaPrice | undefined;

  private readonly rollouts: Pick<RolloutStore, 'rollout'> | undefined;

  constructor(
    private readonly store: Pick<ResultsStore, 'aggregates' | 'recentResults'> &
      Partial<Pick<RolloutStore, 'rollout'>>,
    options: { clock?: Clock; price?: LambdaPrice | null } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    // A store that keeps rollouts too (the DynamoDB one does): each summary then says where its rollout stands.
    this.rollouts =
      typeof store.rollout === 'function' ? (store as Pick<RolloutStore, 'rollout'>) : undefined;
    this.price = options.price === null ? undefined : (options.price ?? priceFromEnvironment());
  }

  /** The window in whole UTC minutes; a number is the last `minutes`. */
  window(request: number | WindowRequest = {}): ResultWindow {
    const { minutes, since, until } = typeof request === 'number' ? { minutes: request } : request;
    if (since === undefined && until === undefined) {
      const span = Math.min(Math.max(1, Math.floor(minutes ?? DEFAULT_WINDOW_MINUTES)), MAX_WINDOW_MINUTES);
      const now = this.clock.now();
      return { from: minuteOf(now - (span - 1) * 60_000), to: minuteOf(now) };
    }
    const end = until === undefined ? this.clock.now() : instantOf('until', until);
    const start =
      since === undefined
        ? end - ((minutes ?? DEFAULT_WINDOW_MINUTES) - 1) * 60_000
        : instantOf('since', since);
    if (start > end) throw new InvalidRequestError(`since (${new Date(start).toISOString()}) is after until`);
    if (end - start > (MAX_WINDOW_MINUTES - 1) * 60_000) {
      throw new InvalidRequestError(`the window is longer than ${MAX_WINDOW_MINUTES} minutes (a week)`);
    }
    return { from: minuteOf(start), to: minuteOf(end) };
  }

  async summary(experiment: Experiment, request?: number | WindowRequest): Promise<ExperimentSummary> {
    const window = this.window(request);
    const [rows, rollout] = await Promise.all([
      this.store.aggregates(experiment.id, window.from, window.to),
      this.rollouts?.rollout(experiment.id),
    ]);
    const summary = summarize(experiment, rows, window, this.price);
    return rollout ? { ...summary, rollout: rolloutSummaryOf(rollout) } : summary;
  }

  async results(
    experiments: readonly Experiment[],
    request?: number | WindowRequest,
  ): Promise<{ experiments: ExperimentSummary[] }> {
    // One window for all, so that "now" does not move between experiments.
    const window = this.window(request);
    return {
      experiments: await Promise.all(
        experiments.map((experiment) =>
          this.summary(experiment, { since: `${window.from}Z`, until: `${window.to}Z` }),
        ),
      ),
    };
  }

  /** The newest mismatches, each with its diff and a curl that replays the request. */
  async mismatches(experiment: Experiment, limit = 20): Promise<StoredMismatch[]> {
    const items = await this.store.recentResults(
      'mismatch',
      experiment.id,
      Math.min(Math.max(1, limit), 100),
    );
    return items as StoredMismatch[];
  }

  /**
   * Mismatches grouped by candidate and place (Diffy's main view), largest first, each with its
   * share of the candidate's samples and its newest example among the newest 100 kept.
   */
  async mismatchGroups(experiment: Experiment, request?: number | WindowRequest): Promise<MismatchGroup[]> {
    const window = this.window(request);
    const [rows, recent] = await Promise.all([
      this.store.aggregates(experiment.id, window.from, window.to),
      this.store.recentResults('mismatch', experiment.id, 100),
    ]);
    const totalsFor = mergeRows(rows);
    const groups: MismatchGroup[] = [];
    for (const candidate of experiment.candidates) {
      const totals = totalsFor(candidate.id);
      for (const [key, count] of totals.mismatchGroups) {
        if (count <= 0) continue;
        const example =
          (recent as StoredMismatch[]).find(
            (item) =>
              item.candidate === candidate.id &&
              (item.mismatchKeys ?? []).includes(key) &&
              (item.at ?? '').slice(0, 16) <= window.to,
          ) ?? null;
        groups.push({
          candidate: candidate.id,
          key,
          ...placeOf(key),
          count,
          share: totals.counters.samples > 0 ? Number((count / totals.counters.samples).toFixed(6)) : 0,
          example,
        });
      }
    }
    return groups.sort((a, b) => b.count - a.count || a.candidate.localeCompare(b.candidate));
  }

  /** Per variant: latency distributions (stored log buckets, about 4 % wide) over the window. */
  async distributions(
    experiment: Experiment,
    request?: number | WindowRequest,
  ): Promise<Record<string, VariantDistribution>> {
    const window = this.window(request);
    const totalsFor = mergeRows(await this.store.aggregates(experiment.id, window.from, window.to));
    const variants = [CONTROL_KEY, ...experiment.candidates.map((candidate) => candidate.id)];
    return Object.fromEntries(
      variants.map((variant) => {
        const totals = totalsFor(variant);
        const cold = bucketsOf(totals, 'coldClient');
        const client = bucketsOf(totals, 'client');
        const coldCounts = new Map(cold.map((bucket) => [bucket.high, bucket.count]));
        const warm = client
          .map((bucket) => ({ ...bucket, count: bucket.count - (coldCounts.get(bucket.high) ?? 0) }))
          .filter((bucket) => bucket.count > 0);
        return [
          variant === CONTROL_KEY ? 'control' : variant,
          { client, warm, cold, duration: bucketsOf(totals, 'duration') },
        ];
      }),
    );
  }

  async series(experiment: Experiment, request?: number | WindowRequest): Promise<SeriesPoint[]> {
    const window = this.window(request);
    const rows = await this.store.aggregates(experiment.id, window.from, window.to);
    const variants = [CONTROL_KEY, ...experiment.candidates.map((candidate) => candidate.id)];
    return rows.map((row) => {
      const totalsFor = mergeRows([row]);
      return {
        minute: row.minute,
        variants: Object.fromEntries(
          variants.map((variant) => {
            const totals = totalsFor(variant);
            const at = (q: number) => percentileOf(totals.histograms.client, q);
            return [
              variant === CONTROL_KEY ? 'control' : variant,
              {
                samples: totals.counters.samples,
                matches: totals.counters.matches,
                mismatches: totals.counters.mismatches,
                errors: totals.counters.errors,
                timeouts: totals.counters.timeouts,
                coldStarts: totals.counters.coldStarts,
                p50Ms: at(0.5),
                p95Ms: at(0.95),
                p99Ms: at(0.99),
              },
            ];
          }),
        ),
      };
    });
  }
}

function placeOf(key: string): Pick<MismatchGroup, 'comparator' | 'where'> {
  if (key === 'statuscode') return { comparator: 'statuscode', where: null };
  if (key === 'control failed') return { comparator: 'control', where: null };
  if (key.startsWith('header ')) return { comparator: 'header', where: key.slice('header '.length) };
  const where = key.slice('body '.length);
  return { comparator: 'body', where: where.startsWith('/') ? where : null };
}

function bucketsOf(totals: VariantTotals, histogram: (typeof HISTOGRAMS)[number]): DistributionBucket[] {
  const stored = totals.storedBuckets.get(histogram) ?? new Map<string, number>();
  return [...stored]
    .filter(([key, count]) => key !== 'sum' && count > 0)
    .map(([key, count]) => ({ ...storedBucketBounds(key), count }))
    .sort((a, b) => a.high - b.high);
}
