import type { Experiment, Observation, StepEvidence } from '@serverless-scientist/core';
import type { CandidateSummary } from '../results/experiment-summary.js';
import { summarize } from '../results/experiment-summary.js';
import { addAggregates, type CandidateRun, minuteOf, type RequestRecord } from '../results/request-record.js';
import type { ResultsStore } from '../results/results-store.js';

/** The most request items one evaluation reads: beyond, the step's first ones are its evidence. */
export const MAX_STEP_ITEMS = 20_000;

/** A stored request item's data, as the recorder writes it (bodies may be left out). */
interface StoredRequest {
  readonly requestId: string;
  readonly at: string;
  readonly request: RequestRecord['request'];
  readonly control: Observation;
  readonly candidates: readonly CandidateRun[];
  readonly noise?: CandidateRun;
  readonly served?: RequestRecord['served'];
}

export interface StepReading {
  readonly evidence: StepEvidence;
  /** The candidate's summary over the step: match rate with its interval, verdict, conditions. */
  readonly candidate: CandidateSummary | undefined;
  /** Request items read; `MAX_STEP_ITEMS` means there were more. */
  readonly requests: number;
}

/**
 * The evidence of a rollout's current step: the experiment summarised over the requests stored
 * since the step began (not over per-minute aggregates, which a step starts in the middle of),
 * with the same rules as `results` — mismatches confined to the control's own noise count as
 * matches, and the latency verdict rests on comparable pairs and the noise floor.
 */
export async function readStepEvidence(
  store: Pick<ResultsStore, 'resultsSince'>,
  experiment: Experiment,
  candidateId: string,
  since: string,
  now: number,
): Promise<StepReading> {
  const items = (await store.resultsSince(
    'request',
    experiment.id,
    since,
    MAX_STEP_ITEMS,
  )) as StoredRequest[];
  const values = new Map<string, number>();
  for (const item of items) {
    if (!item || !Array.isArray(item.candidates) || !item.control) continue;
    addAggregates(
      {
        experiment: experiment.id,
        requestId: item.requestId,
        at: Date.parse(item.at),
        request: item.request,
        control: item.control,
        candidates: item.candidates,
        ...(item.noise ? { noise: item.noise } : {}),
        ...(item.served ? { served: item.served } : {}),
        curl: '',
        bodies: 'none',
        redactHeaders: [],
      },
      values,
    );
  }
  const from = minuteOf(Date.parse(since));
  const summary = summarize(experiment, [{ minute: from, values }], { from, to: minuteOf(now) });
  const candidate = summary.candidates.find((entry) => entry.id === candidateId);
  const evidence: StepEvidence = candidate
    ? {
        compared: candidate.matches + candidate.mismatches,
        matches: candidate.matches + candidate.noisyMismatches,
        runs: candidate.samples,
        failures: candidate.errors + candidate.timeouts,
        latencyVerdict: candidate.verdict.kind,
      }
    : { compared: 0, matches: 0, runs: 0, failures: 0, latencyVerdict: 'inconclusive' };
  return { evidence, candidate, requests: items.length };
}
