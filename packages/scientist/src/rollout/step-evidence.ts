import type { Experiment, Observation, StepEvidence } from '@serverless-scientist/core';
import type { CandidateSummary } from '../results/experiment-summary.js';
import { summarize } from '../results/experiment-summary.js';
import { addAggregates, type CandidateRun, minuteOf, type RequestRecord } from '../results/request-record.js';
import type { ResultsStore } from '../results/results-store.js';

/** The most request items one evaluation reads (the step's first, partial minute). */
const MAX_PARTIAL_MINUTE_ITEMS = 20_000;

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
  /** Requests the step has seen (the control's samples since it began). */
  readonly requests: number;
}

/**
 * The evidence of a rollout's current step: the experiment summarised over exactly the requests
 * received since the step began — the minute it began in from per-request items (only those at
 * or after its start), every whole minute since from the per-minute aggregates, which hold the
 * same counts — with the same rules as `results`: mismatches confined to the control's own noise
 * count as matches, and the latency verdict rests on comparable pairs and the noise floor. Its
 * cost is one minute of items and one aggregate row per minute, however busy the step.
 */
export async function readStepEvidence(
  store: Pick<ResultsStore, 'resultsBetween' | 'aggregates'>,
  experiment: Experiment,
  candidateId: string,
  since: string,
  now: number,
): Promise<StepReading> {
  const startMs = Date.parse(since);
  const wholeFrom = Math.ceil(startMs / 60_000) * 60_000;
  const [items, rows] = await Promise.all([
    wholeFrom > startMs
      ? (store.resultsBetween(
          'request',
          experiment.id,
          { from: since, to: new Date(wholeFrom).toISOString() },
          MAX_PARTIAL_MINUTE_ITEMS,
        ) as Promise<StoredRequest[]>)
      : Promise.resolve([]),
    wholeFrom <= now
      ? store.aggregates(experiment.id, minuteOf(wholeFrom), minuteOf(now))
      : Promise.resolve([]),
  ]);
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
  const from = minuteOf(startMs);
  // The step's minutes only; no runner-loss accounting (that is the results' business).
  const stepRows = [{ minute: from, values }, ...rows].map((row) => ({
    minute: row.minute,
    values: new Map([...row.values].filter(([name]) => !name.endsWith('|handedOff'))),
  }));
  const summary = summarize(experiment, stepRows, { from, to: minuteOf(now) });
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
  return { evidence, candidate, requests: summary.control.samples };
}
