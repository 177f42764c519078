/** When pending results are written: as soon as either bound is reached. */
export interface FlushLimits {
  /** Pending result items that are written at once (25 fill one BatchWriteItem). */
  readonly maxItems: number;
  /** The longest anything stays pending while the environment runs. */
  readonly maxDelayMs: number;
}

/** One write per invocation, as before batching: what tests and retries use. */
export const FLUSH_EVERY_TIME: FlushLimits = Object.freeze({ maxItems: 1, maxDelayMs: 0 });

/** The runner's default: a few requests per write at a few per second, never more than a second late. */
export const RUNNER_FLUSH_LIMITS: FlushLimits = Object.freeze({ maxItems: 25, maxDelayMs: 1000 });

export interface FlushScheduleOptions {
  readonly limits: FlushLimits;
  /** Writes everything pending; must not reject (failures are the writer's to funnel). */
  readonly write: () => Promise<void>;
  readonly pendingItems: () => number;
  readonly hasPending: () => boolean;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
}

/**
 * Batches a recorder's writes across invocations of one execution environment: a write happens
 * when enough items are pending or the oldest has waited long enough, checked after each
 * invocation's work and by a timer while the environment runs (on Lambda a frozen environment's
 * timer fires when it thaws, before or during its next invocation). Writes never overlap: two at
 * once would add the same aggregate counts twice. `drain` writes everything at once, for the
 * environment's shutdown (decision 11).
 */
export class FlushSchedule {
  readonly #options: FlushScheduleOptions;
  readonly #now: () => number;
  #pendingSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: FlushScheduleOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** After an invocation added results: writes them if due, else makes sure a timer will. */
  async settle(): Promise<void> {
    if (!this.#options.hasPending()) return;
    this.#pendingSince ??= this.#now();
    if (this.#due()) {
      await this.drain();
      return;
    }
    this.#arm();
  }

  /** Writes everything pending now (with `write`, if given), after any write in progress. */
  drain(write: () => Promise<void> = this.#options.write): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(async () => {
      if (!this.#options.hasPending()) {
        this.#pendingSince = undefined;
        return;
      }
      this.#pendingSince = undefined;
      await write();
      // What the store would not take (and what arrived meanwhile) waits for the next bound.
      if (this.#options.hasPending()) {
        this.#pendingSince ??= this.#now();
        this.#arm();
      }
    });
    return this.#writing;
  }

  #due(): boolean {
    const { maxItems, maxDelayMs } = this.#options.limits;
    return (
      this.#options.pendingItems() >= maxItems ||
      this.#now() - (this.#pendingSince ?? this.#now()) >= maxDelayMs
    );
  }

  #arm(): void {
    if (this.#timer) return;
    const waited = this.#now() - (this.#pendingSince ?? this.#now());
    const delay = Math.max(0, this.#options.limits.maxDelayMs - waited);
    // Unref'd: pending results never keep a process alive that is otherwise done.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.drain();
    }, delay);
    this.#timer.unref();
  }
}
