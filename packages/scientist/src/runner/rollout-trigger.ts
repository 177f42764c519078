import type { Experiment } from '@serverless-scientist/core';
import type { Invoker } from '../function-invoker.js';
import type { Incidents } from '../incidents.js';
import type { RolloutStore } from '../rollout/rollout-store.js';

/**
 * How often one runner environment asks for an experiment's evaluation: a fifth of a step's time,
 * between 1 s and 30 s, so that a step ends within a fifth of `every` of being due and a busy
 * experiment costs the evaluator a few invocations a minute.
 */
export function evaluationIntervalMs(everyMs: number): number {
  return Math.min(30_000, Math.max(1_000, everyMs / 5));
}

/**
 * Asks the rollout evaluator (asynchronously) to look at an experiment whose rollout may be due,
 * after the runner recorded one of its requests: evaluation when due, in seconds, where the
 * schedule alone would wait a minute. However many runner environments there are, one asks per
 * interval: each tries at most once per interval, and a conditional write in the store picks one.
 */
export class RolloutTrigger {
  private readonly lastAsked = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      readonly invoker: Invoker;
      readonly claims: Pick<RolloutStore, 'claimEvaluation'>;
      readonly evaluatorFunction: string;
      readonly incidents: Incidents;
      readonly now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  async recorded(experiment: Experiment): Promise<void> {
    const plan = experiment.rollout;
    if (!plan) return;
    const now = this.now();
    const last = this.lastAsked.get(experiment.id) ?? Number.NEGATIVE_INFINITY;
    const interval = evaluationIntervalMs(plan.everyMs);
    if (now - last < interval) return;
    this.lastAsked.set(experiment.id, now);
    try {
      if (!(await this.options.claims.claimEvaluation(experiment.id, now, interval))) return;
    } catch (error) {
      this.options.incidents.raised('rollout-trigger-failed', error, {
        context: { experiment: experiment.id },
      });
      return;
    }
    const outcome = await this.options.invoker.invoke({
      functionName: this.options.evaluatorFunction,
      payload: Buffer.from(JSON.stringify({ experiment: experiment.id })),
      invocationType: 'Event',
      timeoutMs: 1000,
    });
    if (outcome.kind === 'failed')
      this.options.incidents.raised('rollout-trigger-failed', `${outcome.failure}: ${outcome.message}`, {
        context: { experiment: experiment.id },
      });
  }
}
