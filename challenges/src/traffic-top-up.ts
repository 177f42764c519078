import { runTraffic } from '@serverless-scientist/traffic';
import type { CheckContext } from './check.js';

export interface TopUp {
  /** The scientist's URL of the experiment (ending in its path, e.g. `…/round`). */
  readonly url: string;
  /** Whose production traffic: `round`, `sort`, `fizzbuzz` or `pbkdf2`. */
  readonly function: string;
  readonly ratePerSecond: number;
  /** The most seconds to send before judging from what there is. */
  readonly seconds: number;
}

/**
 * Sends production traffic through the scientist until `enough()` says the results suffice or the
 * time is up (a bounded amount, with progress on stderr); resolves with whether they suffice.
 */
export async function topUpTraffic(
  context: CheckContext,
  topUp: TopUp,
  enough: () => Promise<boolean>,
): Promise<boolean> {
  if (await enough()) return true;
  const slice = 5;
  for (let sent = 0; sent < topUp.seconds; sent += slice) {
    context.progress(
      `too few results yet: sending production traffic to ${topUp.url} (${topUp.ratePerSecond}/s, ${sent + slice} of at most ${topUp.seconds} s)`,
    );
    await runTraffic({
      targets: [{ name: topUp.function, url: topUp.url, function: topUp.function }],
      ratePerSecond: topUp.ratePerSecond,
      durationSeconds: Math.min(slice, topUp.seconds - sent),
      seed: Date.now() % 1_000_000,
    });
    // The runner records off the client's path: give it a moment to store the last answers.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    if (await enough()) return true;
  }
  return false;
}
