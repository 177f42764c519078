import { type Candidate, compare, type Observation } from '../core-api.js';
import { observe } from '../observation.js';
import { type Clock, type InvokeOutcome, type Invoker, systemClock } from '../ports.js';
import { markAsShadow } from '../proxy/gateway-request.js';
import type { CandidateRun, RequestRecord } from '../results/request-record.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { summarizeRequest } from './request-summary.js';
import type { ControlAnswer, ShadowTask } from './shadow-task.js';

/**
 * Runs the sampled candidates of one request with the control's event (marked as shadow), in
 * parallel, each within its own timeout and under a shared concurrency cap, then compares each
 * with the control. Never throws for a candidate's sake: a candidate's failure is data.
 */
export class ShadowRunner {
  private readonly invoker: Invoker;
  private readonly clock: Clock;
  private readonly limit: ConcurrencyLimit;
  private readonly scientistUrl: (event: Readonly<Record<string, unknown>>) => string;

  constructor(options: {
    invoker: Invoker;
    clock?: Clock;
    concurrency?: number;
    /** The scientist's base URL for the curls that replay requests (`scientistUrlFor`). */
    scientistUrl?: (event: Readonly<Record<string, unknown>>) => string;
  }) {
    this.invoker = options.invoker;
    this.scientistUrl = options.scientistUrl ?? (() => 'SCIENTIST-URL');
    this.clock = options.clock ?? systemClock;
    this.limit = new ConcurrencyLimit(options.concurrency ?? 8);
  }

  async run(task: ShadowTask): Promise<RequestRecord> {
    const { experiment } = task;
    const control = observe(experiment.control.id, invokeOutcomeOf(task.control), task.control.clientMs);
    const { request, curl } = summarizeRequest(task.event, experiment.record, this.scientistUrl(task.event));
    const sampled = experiment.candidates.filter((candidate) => task.candidates.includes(candidate.id));
    const runs = await Promise.all(
      sampled.map((candidate) => this.limit.run(() => this.runCandidate(task, control, candidate))),
    );
    return {
      experiment: experiment.id,
      requestId: task.requestId,
      at: task.receivedAt,
      request,
      control,
      candidates: runs,
      curl,
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

/** The control's answer as it travelled from the proxy, back in the invoker's terms. */
function invokeOutcomeOf(answer: ControlAnswer): InvokeOutcome {
  if (answer.kind === 'failed') return { kind: 'failed', failure: answer.failure, message: answer.message };
  return {
    kind: 'returned',
    payload: Buffer.from(answer.payload),
    ...(answer.functionError ? { functionError: answer.functionError } : {}),
    ...(answer.logTail ? { logTail: answer.logTail } : {}),
  };
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
