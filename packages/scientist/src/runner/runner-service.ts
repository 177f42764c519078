import type { CandidateOutcome, Experiment } from '@serverless-scientist/core';
import { candidateOutcome } from '@serverless-scientist/core';
import { HandOffError } from '../errors.js';
import type { Invoker } from '../function-invoker.js';
import { readRunnerTask, type SkippedTask } from '../hand-off.js';
import type { Incidents } from '../incidents.js';
import { FLUSH_EVERY_TIME, type FlushLimits, FlushSchedule } from '../results/flush-schedule.js';
import type { RequestRecord } from '../results/request-record.js';
import type { ResultRecorder } from '../results/result-recorder.js';
import type { RolloutTrigger } from './rollout-trigger.js';
import type { ShadowRunner } from './shadow-runner.js';
import { handOffPending, retryDelayMs } from './store-retry.js';

/** One candidate's comparison with the control on one request, as metrics and logs report it. */
export interface Comparison {
  readonly experiment: string;
  readonly requestId: string;
  readonly candidate: string;
  readonly outcome: CandidateOutcome;
  /** Function-side where the REPORT line has it, else client-side; undefined without either. */
  readonly candidateMs: number | undefined;
  readonly controlMs: number | undefined;
  /** The differences, or the candidate's error, when it did not match. */
  readonly diff: string | undefined;
}

/** What a runner invocation tells the world besides results: metrics and logs, in the Lambda file. */
export interface RunnerReports {
  /** Once per candidate of every request run. */
  compared(comparison: Comparison): void;
  /** A request the proxy could not hand over whole, now counted as skipped. */
  notShadowed(task: SkippedTask): void;
}

export interface RunnerServiceOptions {
  readonly runner: ShadowRunner;
  readonly recorder: ResultRecorder;
  /** Hands results the store would not take to a later invocation of the runner. */
  readonly invoker: Invoker;
  readonly runnerFunction: string;
  readonly incidents: Incidents;
  readonly reports: RunnerReports;
  /**
   * When results are written: after every invocation by default; the Lambda runner batches them
   * across the invocations of its environment (decision 11).
   */
  readonly flushLimits?: FlushLimits;
  /**
   * Asks for a rollout's evaluation once its evidence is stored (with batched writes, at most a
   * flush's delay later: the evaluation then reads what the store has).
   */
  readonly rollouts?: Pick<RolloutTrigger, 'recorded'>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * What one runner invocation does with its task: runs a shadow request and records it, counts a
 * skipped one, or retries storing results an earlier invocation could not; then flushes when
 * the flush limits say so, and hands on what the store would not take. Never throws: a failed
 * invocation would be retried by Lambda and run candidates twice; every failure goes through the
 * incident funnel instead.
 */
export class RunnerService {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly schedule: FlushSchedule;

  constructor(private readonly options: RunnerServiceOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const { recorder } = options;
    this.schedule = new FlushSchedule({
      limits: options.flushLimits ?? FLUSH_EVERY_TIME,
      write: () => this.flush(undefined),
      pendingItems: () => recorder.pendingItems,
      hasPending: () => recorder.hasPending,
    });
  }

  /** Writes every pending result now: for the environment's shutdown. */
  drain(): Promise<void> {
    return this.schedule.drain();
  }

  async handle(event: unknown): Promise<void> {
    const { recorder, incidents } = this.options;
    let retrying: { attempt: number; since: number } | undefined;
    let recorded: Experiment | undefined;
    try {
      const task = readRunnerTask(event);
      if (task.kind === 'store-retry') {
        retrying = task;
        await this.sleep(retryDelayMs(task.attempt));
        recorder.restore(task.pending);
      } else if (task.kind === 'skipped') {
        recorder.countSkipped(task.experiment, task.receivedAt, 1, task.served);
        this.options.reports.notShadowed(task);
      } else {
        const record = await this.options.runner.run(task);
        recorder.record(record);
        recorded = task.experiment;
        for (const comparison of comparisonsOf(record)) this.options.reports.compared(comparison);
      }
    } catch (error) {
      incidents.raised(error instanceof HandOffError ? 'hand-off-unreadable' : 'shadow-run-failed', error);
    }
    // A retry is written at once, with its own attempt count; it waits for any batch being written.
    const retry = retrying;
    if (retry) await this.schedule.drain(() => this.flush(retry));
    else await this.schedule.settle();
    if (recorded) await this.options.rollouts?.recorded(recorded);
  }

  private async flush(retrying: { attempt: number; since: number } | undefined): Promise<void> {
    const { recorder } = this.options;
    const report = await recorder.flush();
    if (!report.error && report.droppedItems === 0) return;
    const handOff = recorder.hasPending
      ? await handOffPending(
          recorder,
          this.options.invoker,
          this.options.runnerFunction,
          retrying,
          this.now(),
        )
      : undefined;
    const { error, ...figures } = report;
    this.options.incidents.raised(
      'results-not-stored',
      error ?? `${report.droppedItems} result items dropped`,
      {
        context: { ...figures, handOff },
        counts: {
          ResultsPending: report.pendingItems,
          ResultsDropped: report.droppedItems + (handOff?.kind === 'handed-off' ? handOff.droppedItems : 0),
          ...(handOff?.kind === 'lost' ? { ResultAggregatesLost: handOff.increments } : {}),
        },
      },
    );
  }
}

function comparisonsOf(record: RequestRecord): Comparison[] {
  const { durations } = record.control;
  const controlMs = durations.functionMs ?? durations.clientMs;
  return record.candidates.map((run) => {
    const outcome = candidateOutcome(run.outcome);
    return {
      experiment: record.experiment,
      requestId: record.requestId,
      candidate: run.observation.variantId,
      outcome,
      candidateMs: run.observation.durations.functionMs ?? run.observation.durations.clientMs,
      controlMs,
      diff: outcome.matched ? undefined : (run.diff ?? run.observation.error?.message),
    };
  });
}
