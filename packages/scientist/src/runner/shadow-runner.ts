import { type Candidate, compare, type Observation } from '../core-api.js';
import { observe, reviveObservation } from '../observation.js';
import { type Clock, type Invoker, systemClock } from '../ports.js';
import { markAsShadow } from '../proxy/gateway-request.js';
import type { CandidateRun, RequestRecord } from '../results/request-record.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { ShadowTask } from './shadow-task.js';

/**
 * Runs the sampled candidates of one request with the control's event (marked as shadow), in
 * parallel, each within its own timeout and under a shared concurrency cap, then compares each
 * with the control. Never throws for a candidate's sake: a candidate's failure is data.
 */
export class ShadowRunner {
  private readonly invoker: Invoker;
  private readonly clock: Clock;
  private readonly limit: ConcurrencyLimit;

  constructor(options: { invoker: Invoker; clock?: Clock; concurrency?: number }) {
    this.invoker = options.invoker;
    this.clock = options.clock ?? systemClock;
    this.limit = new ConcurrencyLimit(options.concurrency ?? 8);
  }

  async run(task: ShadowTask): Promise<RequestRecord> {
    const { experiment } = task;
    // The control's observation travelled as JSON; rebuild it as the core's value.
    const control = reviveObservation(task.control);
    const sampled = experiment.candidates.filter((candidate) => task.candidates.includes(candidate.id));
    const runs = await Promise.all(
      sampled.map((candidate) => this.limit.run(() => this.runCandidate(task, control, candidate))),
    );
    return {
      experiment: experiment.id,
      requestId: task.requestId,
      at: task.receivedAt,
      request: task.request,
      control,
      candidates: runs,
      curl: task.curl,
      bodies: experiment.record.bodies,
      redactHeaders: experiment.record.redactHeaders,
    };
  }

  private async runCandidate(
    task: ShadowTask,
    control: Observation,
    candidate: Candidate,
  ): Promise<CandidateRun> {
    const event = markAsShadow(task.event, { experiment: task.experiment.id, requestId: task.requestId });
    const started = this.clock.monotonic();
    const outcome = await this.invoker.invoke({
      functionName: candidate.arn,
      payload: Buffer.from(JSON.stringify(event)),
      invocationType: 'RequestResponse',
      logTail: true,
      timeoutMs: candidate.timeoutMs,
    });
    const observation = observe(candidate.id, outcome, this.clock.monotonic() - started);
    return judge(task, control, observation);
  }
}

function judge(task: ShadowTask, control: Observation, observation: Observation): CandidateRun {
  if (observation.error) {
    return { observation, outcome: observation.timedOut ? 'timeout' : 'error' };
  }
  const comparison = compare(task.experiment.comparators, control, observation);
  if (comparison.matched) return { observation, outcome: 'match' };
  // The control failed where the candidate answered: a difference in behaviour, not the candidate's error.
  return { observation, outcome: 'mismatch', diff: comparison.toText() };
}
