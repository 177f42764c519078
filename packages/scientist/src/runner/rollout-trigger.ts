import type { Experiment } from '@serverless-scientist/core';
import type { Invoker } from '../function-invoker.js';
import type { Incidents } from '../incidents.js';

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
 * schedule alone would wait a minute. Evaluation is idempotent, so asking too often costs only time.
 */
export class RolloutTrigger {
  private readonly lastAsked = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      readonly invoker: Invoker;
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
    if (now - last < evaluationIntervalMs(plan.everyMs)) return;
    this.lastAsked.set(experiment.id, now);
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
