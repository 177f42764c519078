import { percentile } from './latency.js';
import { SeededRandom } from './random.js';
import { trafficProfileFor } from './traffic-profiles.js';
import { requestUrl } from './traffic-request.js';
import { USER_ID_HEADER, userIdsFrom } from './traffic-users.js';

/** Where traffic goes: an experiment's URL at the scientist, or a function's own URL. */
export interface TrafficTarget {
  /** What the summary calls it: an experiment id or a function name. */
  readonly name: string;
  /** The full URL, ending in the function's path (e.g. `…/round`). */
  readonly url: string;
  /** Whose traffic to send: `round`, `sort`, `fizzbuzz` or `pbkdf2`. */
  readonly function: string;
}

export interface TrafficOptions {
  readonly targets: readonly TrafficTarget[];
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly seed: number;
  /** Requests still unanswered beyond this many are not sent but counted as dropped. */
  readonly maxInFlight?: number;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Called about once a second while traffic runs. */
  readonly onProgress?: (progress: TrafficProgress) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface TrafficProgress {
  readonly elapsedSeconds: number;
  readonly sent: number;
  readonly answered: number;
  readonly inFlight: number;
}

export interface TargetSummary {
  readonly requests: number;
  /** Answers by HTTP status; `error` for requests that got no answer, `timeout` for ones too slow. */
  readonly statuses: Readonly<Record<string, number>>;
}

export interface TrafficSummary extends TargetSummary {
  readonly seed: number;
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly dropped: number;
  /** Client-side latency of answered requests. */
  readonly latencyMs: { readonly p50: number | null; readonly p99: number | null };
  readonly targets: Readonly<Record<string, TargetSummary>>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    // The listener goes when the sleep ends either way, or a long run would pile them up.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', wake);
      resolve();
    }, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

/**
 * Sends seeded, realistic traffic at a steady rate for a fixed duration (open loop: a slow answer
 * does not slow the sending), then waits for the last answers and sums up.
 */
export async function runTraffic(options: TrafficOptions): Promise<TrafficSummary> {
  const { targets, ratePerSecond, durationSeconds, seed, signal } = options;
  if (targets.length === 0) throw new Error('traffic needs at least one target');
  if (!(ratePerSecond > 0))
    throw new RangeError(`rate must be above 0 requests a second, got ${ratePerSecond}`);
  if (!(durationSeconds > 0))
    throw new RangeError(`duration must be above 0 seconds, got ${durationSeconds}`);
  const profiles = targets.map((target) => trafficProfileFor(target.function));
  const fetchRequest = options.fetch ?? fetch;
  const now = options.now ?? (() => performance.now());
  const maxInFlight = options.maxInFlight ?? 64;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const random = new SeededRandom(seed);
  const nextUser = userIdsFrom(seed);
  const total = Math.max(1, Math.floor(ratePerSecond * durationSeconds));
  const interval = 1000 / ratePerSecond;

  const statuses = new Map<string, Map<string, number>>(targets.map((target) => [target.name, new Map()]));
  const durations: number[] = [];
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let answered = 0;
  let dropped = 0;

  const count = (target: TrafficTarget, status: string) => {
    const byStatus = statuses.get(target.name)!;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  };

  const send = async (index: number) => {
    const target = targets[index]!;
    const request = profiles[index]!(random);
    const headers = { ...request.headers, [USER_ID_HEADER]: nextUser() };
    const started = now();
    try {
      const response = await fetchRequest(requestUrl(target.url, request), {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      durations.push(now() - started);
      count(target, String(response.status));
    } catch (error) {
      count(target, (error as Error).name === 'TimeoutError' ? 'timeout' : 'error');
    } finally {
      answered++;
    }
  };

  const start = now();
  let lastProgress = start;
  for (let i = 0; i < total && !signal?.aborted; i++) {
    await sleep(start + i * interval - now(), signal);
    if (signal?.aborted) break;
    const targetIndex = targets.length === 1 ? 0 : random.integer(0, targets.length - 1);
    if (pending.size >= maxInFlight) {
      dropped++;
    } else {
      sent++;
      const request = send(targetIndex).finally(() => pending.delete(request));
      pending.add(request);
    }
    if (options.onProgress && now() - lastProgress >= 1000) {
      lastProgress = now();
      options.onProgress({
        elapsedSeconds: Math.round((lastProgress - start) / 100) / 10,
        sent,
        answered,
        inFlight: pending.size,
      });
    }
  }
  await Promise.all(pending);

  durations.sort((a, b) => a - b);
  const perTarget: Record<string, TargetSummary> = {};
  const overall: Record<string, number> = {};
  for (const [name, byStatus] of statuses) {
    const counts = Object.fromEntries([...byStatus].sort(([a], [b]) => a.localeCompare(b)));
    perTarget[name] = { requests: Object.values(counts).reduce((sum, n) => sum + n, 0), statuses: counts };
    for (const [status, n] of byStatus) overall[status] = (overall[status] ?? 0) + n;
  }
  return {
    seed,
    ratePerSecond,
    durationSeconds,
    requests: sent,
    statuses: Object.fromEntries(Object.entries(overall).sort(([a], [b]) => a.localeCompare(b))),
    dropped,
    latencyMs: { p50: percentile(durations, 0.5), p99: percentile(durations, 0.99) },
    targets: perTarget,
  };
}
