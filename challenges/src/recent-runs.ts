import type { CheckTarget } from './check-target.js';

/** What the scientist stored of one answer (the body only where the experiment keeps bodies). */
export interface StoredAnswer {
  readonly statusCode?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One production request as the scientist recorded it, seen from one candidate. */
export interface CandidateRun {
  readonly at: number;
  readonly query: string;
  readonly requestBody?: string;
  readonly outcome: 'match' | 'mismatch' | 'error' | 'timeout';
  readonly diff?: string;
  readonly control: StoredAnswer;
  readonly candidate: StoredAnswer;
}

interface StoredRequest {
  at: string;
  request?: { query?: string; body?: string };
  control?: StoredAnswer;
  candidates?: {
    outcome: CandidateRun['outcome'];
    diff?: string;
    observation?: StoredAnswer & { variantId?: string };
  }[];
}

/** The most requests read back per check: enough to judge, few enough to stay quick. */
const MOST_REQUESTS = 400;

/**
 * The candidate's runs among the newest recorded requests of an experiment, newest first, from
 * `since` (epoch ms) on: results from before a redeploy say nothing about the code deployed now.
 */
export async function recentRuns(
  target: CheckTarget,
  experimentId: string,
  candidateId: string,
  since = 0,
): Promise<CandidateRun[]> {
  const items = (await target
    .store()
    .recentResults('request', experimentId, MOST_REQUESTS)) as StoredRequest[];
  const runs: CandidateRun[] = [];
  for (const item of items) {
    const at = Date.parse(item.at);
    if (!(at >= since)) continue;
    const run = item.candidates?.find((candidate) => candidate.observation?.variantId === candidateId);
    if (!run) continue;
    runs.push({
      at,
      query: item.request?.query ?? '',
      ...(item.request?.body === undefined ? {} : { requestBody: item.request.body }),
      outcome: run.outcome,
      ...(run.diff === undefined ? {} : { diff: run.diff }),
      control: item.control ?? {},
      candidate: run.observation ?? {},
    });
  }
  return runs;
}

export function countOutcomes(runs: readonly CandidateRun[]): Record<CandidateRun['outcome'], number> {
  const counts = { match: 0, mismatch: 0, error: 0, timeout: 0 };
  for (const run of runs) counts[run.outcome]++;
  return counts;
}
