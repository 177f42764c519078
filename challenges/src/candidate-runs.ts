import type { Candidate, Experiment } from '@serverless-scientist/core';
import type { CheckContext } from './check.js';
import { failed, passed, type StepOutcome } from './check.js';
import { deployedAt, functionConfiguration } from './deployed-function.js';
import { type CandidateRun, countOutcomes, recentRuns } from './recent-runs.js';
import { topUpTraffic } from './traffic-top-up.js';

/** What a results step located: the experiment, its candidate, and the runs since the candidate's deploy. */
export interface CandidateEvidence {
  readonly experiment: Experiment;
  readonly candidate: Candidate;
  readonly since: number;
  readonly runs: readonly CandidateRun[];
}

/**
 * Reads the candidate's runs since its latest deploy, topping them up with bounded production
 * traffic while there are fewer than `samples` (or `until` is not yet met).
 */
export async function gatherRuns(
  context: CheckContext,
  options: {
    experiment: Experiment;
    candidate: Candidate;
    samples: number;
    ratePerSecond: number;
    seconds: number;
    until?: (runs: readonly CandidateRun[]) => boolean;
  },
): Promise<{ evidence: CandidateEvidence; outcome: StepOutcome }> {
  const { target } = context;
  const since = deployedAt(await functionConfiguration(target, options.candidate.functionName)) ?? 0;
  const scientist = await target.scientistUrl();
  let runs: CandidateRun[] = [];
  const enough = async () => {
    runs = await recentRuns(target, options.experiment.id, options.candidate.id, since);
    return runs.length >= options.samples && (options.until?.(runs) ?? true);
  };
  await topUpTraffic(
    context,
    {
      url: `${scientist}/${options.experiment.path}`,
      function: options.experiment.path,
      ratePerSecond: options.ratePerSecond,
      seconds: options.seconds,
    },
    enough,
  );
  const evidence = { experiment: options.experiment, candidate: options.candidate, since, runs };
  const counts = countOutcomes(runs);
  const tally = `${runs.length} requests since ${options.candidate.functionName} was deployed${since ? ` (${new Date(since).toISOString().slice(11, 19)} UTC)` : ''}: ${counts.match} matches, ${counts.mismatch} mismatches, ${counts.error} errors, ${counts.timeout} timeouts`;
  if (runs.length < options.samples) {
    return {
      evidence,
      outcome: failed(
        `${tally}; at least ${options.samples} are needed`,
        `send production traffic: npx scientist traffic --experiment ${options.experiment.id} --duration 60`,
      ),
    };
  }
  return { evidence, outcome: passed(tally) };
}

/** `number=62.5` → `62.5`; several parameters stay as they are. */
export function shownQuery(query: string): string {
  const parameters = new URLSearchParams(query);
  const entries = [...parameters.entries()];
  return entries.length === 1 ? entries[0]![1] : query || '(no query)';
}
