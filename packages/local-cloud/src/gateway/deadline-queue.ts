/** One pending request's deadline; `settle` it when the answer arrives first. */
export interface Deadline {
  readonly at: number;
  readonly onExpire: () => void;
}

/**
 * The integration timeouts of every request in flight, watched by a single timer. All deadlines
 * share one duration, so they expire in the order they were added: the timer only ever waits for
 * the oldest. This keeps a timer and a promise race off each request's path; a `Set` keeps
 * insertion order and removes a settled deadline in O(1).
 */
export class DeadlineQueue {
  private readonly pending = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Calls `onExpire` once `timeoutMs` pass, unless the deadline is settled before. */
  add(onExpire: () => void): Deadline {
    const deadline: Deadline = { at: this.now() + this.timeoutMs, onExpire };
    this.pending.add(deadline);
    if (this.timer === undefined) this.arm(deadline.at);
    return deadline;
  }

  /** True when the deadline was still pending, i.e. the answer beat the timeout. */
  settle(deadline: Deadline): boolean {
    return this.pending.delete(deadline);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Forgets every deadline without calling them: the server is closing. */
  clear(): void {
    this.pending.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(at: number): void {
    // A server with requests in flight is alive anyway; the timer alone must not hold the process.
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.now())).unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    for (const deadline of this.pending) {
      // Timers may fire a fraction of a millisecond early; such a deadline waits for the next turn.
      if (deadline.at > now) {
        this.arm(deadline.at);
        return;
      }
      this.pending.delete(deadline);
      deadline.onExpire();
    }
  }
}
