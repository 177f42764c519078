import type { Candidate } from '@serverless-scientist/core';

/**
 * How a request's candidates take turns. On Lambda each candidate's environment has CPU of its
 * own, so they run at once. On one machine (the local cloud) the control ran alone on the
 * client's path; candidates started together would share the cores with each other and be
 * measured slower for it. There they run one at a time, like the control, in an order shuffled per
 * request so that no candidate always follows the same neighbour (a warm cache, a JIT's threads).
 */
export interface CandidateSchedule {
  /** How many of one request's candidates run at once. */
  readonly concurrency: number;
  /** Whether the order is shuffled per request. */
  readonly shuffled: boolean;
}

/** Candidates and control each have their own CPU: run a request's candidates at once. */
export function separateHostsSchedule(concurrency = 8): CandidateSchedule {
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${concurrency}`);
  return Object.freeze({ concurrency, shuffled: false });
}

/** Everything shares one machine's cores: one candidate at a time, as the control ran. */
export const SHARED_HOST_SCHEDULE: CandidateSchedule = Object.freeze({ concurrency: 1, shuffled: true });

/** The candidates in the order they run; `random` returns numbers in [0, 1). */
export function runningOrder(
  schedule: CandidateSchedule,
  candidates: readonly Candidate[],
  random: () => number,
): readonly Candidate[] {
  if (!schedule.shuffled) return candidates;
  const order = [...candidates];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
