import {
  type Candidate,
  DEFAULT_CANDIDATE_TIMEOUT_MS,
  type Experiment,
  judgeCandidate,
  NOISE_ID,
  type Observation,
} from '@serverless-scientist/core';
import { type Clock, systemClock } from '../clock.js';
import type { Invoker } from '../function-invoker.js';
import { answerOf, type ShadowTask } from '../hand-off.js';
import type { CandidateRun, RequestRecord } from '../results/request-record.js';
import { type CandidateSchedule, runningOrder, separateHostsSchedule } from './candidate-schedule.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { observe } from './lambda-answer.js';
import { summarizeRequest } from './request-summary.js';
import { markAsShadow } from './shadow-mark.js';

/**
 * Runs the sampled candidates of one request (and the control, when a candidate served the client) with the control's event (marked as shadow), as the
 * schedule says (at once on separate hosts, one at a time on a shared one), each within its own
 * timeout, then compares each with the control. Never throws for a candidate's sake: a
 * candidate's failure is data.
 */
export class ShadowRunner {
  private readonly invoker: Invoker;
  private readonly clock: Clock;
  private readonly limit: ConcurrencyLimit;
  private readonly schedule: CandidateSchedule;
  private readonly random: () => number;
  private readonly scientistUrl: (event: Readonly<Record<string, unknown>>) => string;

  constructor(options: {
    invoker: Invoker;
    clock?: Clock;
    /** Default: eight at once, as on separate hosts. */
    schedule?: CandidateSchedule;
    random?: () => number;
    /** The scientist's base URL for the curls that replay requests (`scientistUrlFor`). */
    scientistUrl?: (event: Readonly<Record<string, unknown>>) => string;
  }) {
    this.invoker = options.invoker;
    this.scientistUrl = options.scientistUrl ?? (() => 'SCIENTIST-URL');
    this.clock = options.clock ?? systemClock;
    this.schedule = options.schedule ?? separateHostsSchedule();
    this.random = options.random ?? Math.random;
    this.limit = new ConcurrencyLimit(this.schedule.concurrency);
  }

  async run(task: ShadowTask): Promise<RequestRecord> {
    const { experiment, served } = task;
    const { request, curl } = summarizeRequest(task.event, experiment.record, this.scientistUrl(task.event));
    // A served candidate ran on the client's path already: its answer is compared, not rerun.
    const recorded = experiment.candidates.filter(
      (candidate) => task.candidates.includes(candidate.id) || candidate.id === served?.candidate,
    );
    const sampled = recorded.filter((candidate) => candidate.id !== served?.candidate);
    // The noise check's second run of the control takes its turn like any candidate.
    const again = task.noise ? controlAgain(experiment) : undefined;
    // When a candidate served the client, the control runs here, as the shadow, for the comparison.
    const shadowControl = task.control ? undefined : controlAsShadow(experiment);
    const all = [...(shadowControl ? [shadowControl] : []), ...sampled, ...(again ? [again] : [])];
    const order = runningOrder(this.schedule, all, this.random);
    // Every candidate gets the same marked event: serialised once per request.
    const payload = Buffer.from(
      JSON.stringify(markAsShadow(task.event, { experiment: experiment.id, requestId: task.requestId })),
    );
    const observed = await Promise.all(
      order.map((candidate) => this.limit.run(() => this.observeShadow(payload, candidate))),
    );
    const observationOf = (candidate: Candidate) => observed[order.indexOf(candidate)]!;
    const control = task.control
      ? observe(experiment.control.id, task.control)
      : observationOf(shadowControl!);
    // Recorded in the experiment's order, whatever order they ran in.
    const runs = recorded.map((candidate) =>
      judged(
        experiment,
        control,
        candidate.id === served?.candidate ? observe(candidate.id, served.answer) : observationOf(candidate),
      ),
    );
    return {
      experiment: experiment.id,
      requestId: task.requestId,
      at: task.receivedAt,
      request,
      control,
      candidates: runs,
      ...(again ? { noise: judged(experiment, control, observationOf(again)) } : {}),
      ...(served ? { served: { candidate: served.candidate, fellBack: served.fellBack } } : {}),
      curl,
      bodies: experiment.record.bodies,
      redactHeaders: experiment.record.redactHeaders,
    };
  }

  private async observeShadow(payload: Buffer, candidate: Candidate): Promise<Observation> {
    const started = this.clock.monotonic();
    const outcome = await this.invoker.invoke({
      functionName: candidate.arn,
      payload,
      invocationType: 'RequestResponse',
      logTail: true,
      timeoutMs: candidate.timeoutMs,
    });
    return observe(candidate.id, answerOf(outcome, this.clock.monotonic() - started));
  }
}

function judged(experiment: Experiment, control: Observation, observation: Observation): CandidateRun {
  const { outcome, diff, fields, mismatchKeys } = judgeCandidate(
    experiment.comparators,
    control,
    observation,
  );
  return {
    observation,
    outcome: outcome.kind,
    ...(diff === undefined ? {} : { diff }),
    ...(fields === undefined ? {} : { fields }),
    ...(mismatchKeys === undefined ? {} : { mismatchKeys }),
  };
}

/** The longest a shadow run of the control may take: as long as the slowest candidate may. */
function controlTimeoutMs(experiment: Experiment): number {
  return Math.max(DEFAULT_CANDIDATE_TIMEOUT_MS, ...experiment.candidates.map((c) => c.timeoutMs));
}

/** The control run out of the client's path, when a candidate served the client. */
function controlAsShadow(experiment: Experiment): Candidate {
  return {
    ...experiment.control,
    samplePercent: 100,
    timeoutMs: controlTimeoutMs(experiment),
    enabled: true,
  };
}

/** The control as a shadow of itself, recorded under {@link NOISE_ID}. */
function controlAgain(experiment: Experiment): Candidate {
  return {
    ...experiment.control,
    id: NOISE_ID,
    name: `${experiment.control.name} (again)`,
    samplePercent: experiment.noise?.percent ?? 0,
    timeoutMs: controlTimeoutMs(experiment),
    enabled: true,
  };
}
