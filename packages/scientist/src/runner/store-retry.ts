import type { Invoker } from '../function-invoker.js';
import { runnerTaskPayload, type StoreRetryTask } from '../hand-off.js';
import type { ResultRecorder } from '../results/result-recorder.js';

/** Items are given up (counted as dropped) after this many tries; counts are kept trying longer. */
const ITEM_ATTEMPTS = 6;
/** After this long without a store, even the counts are given up (and reported as lost). */
const GIVE_UP_AFTER_MS = 60 * 60 * 1000;
/** Stay well below the 1 MB asynchronous invoke payload limit. */
const MAX_PAYLOAD_BYTES = 900 * 1024;

/** How long a retrying invocation waits before trying the store: doubling from 250 ms up to 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** Math.max(0, attempt - 1), 30_000);
}

export type RetryHandOff =
  | { readonly kind: 'handed-off'; readonly attempt: number; readonly droppedItems: number }
  | { readonly kind: 'kept'; readonly reason: string }
  | { readonly kind: 'lost'; readonly increments: number };

/**
 * When a flush failed, passes what is pending to a new asynchronous invocation of the runner, so
 * that results survive this execution environment going idle or away. Items are dropped into
 * `dropped` counts after a few attempts or when they would not fit in the payload.
 */
export async function handOffPending(
  recorder: ResultRecorder,
  invoker: Invoker,
  runnerFunction: string,
  previous: Pick<StoreRetryTask, 'attempt' | 'since'> | undefined,
  now: number,
): Promise<RetryHandOff> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const since = previous?.since ?? now;
  let droppedItems = 0;
  if (now - since > GIVE_UP_AFTER_MS) {
    recorder.dropItems();
    return { kind: 'lost', increments: recorder.takePending().increments.length };
  }
  if (attempt > ITEM_ATTEMPTS) droppedItems += recorder.dropItems();
  let pending = recorder.takePending();
  let payload = runnerTaskPayload({ kind: 'store-retry', attempt, since, pending });
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    recorder.restore(pending);
    droppedItems += recorder.dropItems();
    pending = recorder.takePending();
    payload = runnerTaskPayload({ kind: 'store-retry', attempt, since, pending });
  }
  const outcome = await invoker.invoke({
    functionName: runnerFunction,
    payload: Buffer.from(payload),
    invocationType: 'Event',
    timeoutMs: 2000,
  });
  if (outcome.kind === 'failed') {
    // Keep them here: this environment tries again with its next invocation.
    recorder.restore(pending);
    return { kind: 'kept', reason: `${outcome.failure}: ${outcome.message}` };
  }
  return { kind: 'handed-off', attempt, droppedItems };
}
