import type { DynamoDbStore } from '../aws/dynamodb-store.js';
import type { Experiment } from '../core-api.js';
import { type Clock, systemClock } from '../ports.js';
import { type ExperimentSummary, mergeRows, summarize } from './experiment-summary.js';
import { CONTROL_KEY, minuteOf } from './request-record.js';

export const DEFAULT_WINDOW_MINUTES = 60;
/** A week: the dashboard's longest view; longer windows read too many items to stay fast. */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;

export interface SeriesPoint {
  readonly minute: string;
  readonly variants: Readonly<
    Record<
      string,
      {
        samples: number;
        matches: number;
        mismatches: number;
        errors: number;
        timeouts: number;
        p50Ms: number | null;
      }
    >
  >;
}

/**
 * Answers the data API's and `scientist results`' questions from the aggregate items: a summary
 * reads one Query of about `minutes` items per experiment, however many requests they count.
 */
export class ResultsQuery {
  private readonly clock: Clock;

  constructor(
    private readonly store: Pick<DynamoDbStore, 'aggregates' | 'recentResults'>,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  window(minutes = DEFAULT_WINDOW_MINUTES): { from: string; to: string } {
    const span = Math.min(Math.max(1, Math.floor(minutes)), MAX_WINDOW_MINUTES);
    const now = this.clock.now();
    return { from: minuteOf(now - (span - 1) * 60_000), to: minuteOf(now) };
  }

  async summary(experiment: Experiment, minutes?: number): Promise<ExperimentSummary> {
    const window = this.window(minutes);
    return summarize(experiment, await this.store.aggregates(experiment.id, window.from, window.to), window);
  }

  async results(
    experiments: readonly Experiment[],
    minutes?: number,
  ): Promise<{ experiments: ExperimentSummary[] }> {
    return {
      experiments: await Promise.all(experiments.map((experiment) => this.summary(experiment, minutes))),
    };
  }

  /** The newest mismatches, each with its diff and a curl that replays the request. */
  async mismatches(experiment: Experiment, limit = 20): Promise<unknown[]> {
    return this.store.recentResults('mismatch', experiment.id, Math.min(Math.max(1, limit), 100));
  }

  async series(experiment: Experiment, minutes?: number): Promise<SeriesPoint[]> {
    const window = this.window(minutes);
    const rows = await this.store.aggregates(experiment.id, window.from, window.to);
    const variants = [CONTROL_KEY, ...experiment.candidates.map((candidate) => candidate.id)];
    return rows.map((row) => {
      const totalsFor = mergeRows([row]);
      return {
        minute: row.minute,
        variants: Object.fromEntries(
          variants.map((variant) => {
            const totals = totalsFor(variant);
            const p50 = totals.histograms.client.percentile(0.5);
            return [
              variant === CONTROL_KEY ? 'control' : variant,
              {
                samples: totals.counters.samples,
                matches: totals.counters.matches,
                mismatches: totals.counters.mismatches,
                errors: totals.counters.errors,
                timeouts: totals.counters.timeouts,
                p50Ms: p50 === undefined ? null : Math.round(p50 * 1000) / 1000,
              },
            ];
          }),
        ),
      };
    });
  }
}
