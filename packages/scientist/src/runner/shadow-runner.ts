import {
  type Candidate,
  compare,
  DEFAULT_CANDIDATE_TIMEOUT_MS,
  differingFields,
  type Experiment,
  mismatchKeys,
  NOISE_ID,
  type Observation,
} from '../core-api.js';
import { observe } from '../observation.js';
import { type Clock, type InvokeOutcome, type Invoker, systemClock } from '../ports.js';
import { markAsShadow } from '../proxy/gateway-request.js';
import type { CandidateRun, RequestRecord } from '../results/request-record.js';
import { type CandidateSchedule, runningOrder, separateHostsSchedule } from './candidate-schedule.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { summarizeRequest } from './request-summary.js';
import type { ControlAnswer, ShadowTask } from './shadow-task.js';

/**
 * Runs the sampled candidates of one request with the control's event (marked as shadow), as the
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
    const { experiment } = task;
    const control = observe(experiment.control.id, invokeOutcomeOf(task.control), task.control.clientMs);
    const { request, curl } = summarizeRequest(task.event, experiment.record, this.scientistUrl(task.event));
    const sampled = experiment.candidates.filter((candidate) => task.candidates.includes(candidate.id));
    // The noise check's second run of the control takes its turn like any candidate.
    const again = task.noise ? controlAgain(experiment) : undefined;
    const all = again ? [...sampled, again] : sampled;
    const order = runningOrder(this.schedule, all, this.random);
    const finished = await Promise.all(
      order.map((candidate) => this.limit.run(() => this.runCandidate(task, control, candidate))),
    );
    // Recorded in the experiment's order, whatever order they ran in.
    const runs = sampled.map((candidate) => finished[order.indexOf(candidate)]!);
    const noise = again ? finished[order.indexOf(again)] : undefined;
    return {
      experiment: experiment.id,
      requestId: task.requestId,
      at: task.receivedAt,
      request,
      control,
      candidates: runs,
      ...(noise ? { noise } : {}),
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

/** The control as a shadow of itself, recorded under {@link NOISE_ID}. */
function controlAgain(experiment: Experiment): Candidate {
  const longest = Math.max(DEFAULT_CANDIDATE_TIMEOUT_MS, ...experiment.candidates.map((c) => c.timeoutMs));
  return {
    ...experiment.control,
    id: NOISE_ID,
    name: `${experiment.control.name} (again)`,
    samplePercent: experiment.noise?.percent ?? 0,
    timeoutMs: longest,
    enabled: true,
  };
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
  return {
    observation,
    outcome: 'mismatch',
    diff: comparison.toText(),
    fields: differingFields(comparison),
    mismatchKeys: comparison.errored ? ['control failed'] : mismatchKeys(comparison.mismatches),
  };
}
