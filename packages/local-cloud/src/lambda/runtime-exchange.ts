import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Invocation } from './invocation.js';

// X-Ray ids only need to be unique: a random part drawn once per process and a counter, instead of
// drawing random bytes on every invocation.
const traceIdPrefix = randomBytes(8).toString('hex');
let traceCounter = 0;

function traceId(): string {
  traceCounter = (traceCounter + 1) >>> 0;
  const count = traceCounter.toString(16).padStart(8, '0');
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${traceIdPrefix}${count};Parent=${traceIdPrefix.slice(0, 8)}${count};Sampled=0`;
}

/** What the exchange tells its environment as an invocation moves through it. */
export interface ExchangeParty {
  /** The invocation is about to be handed to the runtime; its clock has not started yet. */
  delivering(invocation: Invocation): void;
  /** The invocation is with the runtime and its clock runs, until `deadlineMs` (epoch ms). */
  delivered(invocation: Invocation, deadlineMs: number, traceId: string): void;
  /** The function's timeout passed with `invocation` still in flight. */
  deadlinePassed(invocation: Invocation, elapsedMs: number): void;
}

/**
 * One environment's side of the Runtime API, one invocation at a time: an invocation is assigned, then
 * delivered as the answer to the runtime's held `/next`, then in flight until it is settled. Either the
 * invocation or the `/next` may come first.
 */
export class RuntimeExchange {
  #assigned: Invocation | undefined;
  #heldNext: ServerResponse | undefined;
  #deliveredAt = 0;
  /** One timer for every invocation's deadline, re-armed on delivery rather than created each time. */
  #deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly functionArn: string,
    private readonly party: ExchangeParty,
  ) {}

  /** The invocation this environment has taken on, delivered or not. */
  get assigned(): Invocation | undefined {
    return this.#assigned;
  }

  get delivered(): boolean {
    return this.#deliveredAt !== 0;
  }

  /** Milliseconds since the current invocation was delivered, 0 before that. */
  elapsedMs(): number {
    return this.#deliveredAt ? performance.now() - this.#deliveredAt : 0;
  }

  assign(invocation: Invocation): void {
    this.#assigned = invocation;
    if (this.#heldNext) {
      const response = this.#heldNext;
      this.#heldNext = undefined;
      this.#deliver(invocation, response);
    }
  }

  /** The runtime asks for work: it gets the assigned invocation, or waits for the next one. */
  next(response: ServerResponse): void {
    if (this.#heldNext) this.#heldNext.destroy();
    if (this.#assigned && !this.#deliveredAt) this.#deliver(this.#assigned, response);
    else this.#heldNext = response;
  }

  /** The in-flight invocation, when `requestId` names it. */
  current(requestId: string): Invocation | undefined {
    const invocation = this.#assigned;
    return invocation && invocation.requestId === requestId && this.#deliveredAt && !invocation.finished
      ? invocation
      : undefined;
  }

  /** The invocation is complete, extensions included: the exchange is free for the next. */
  settle(): void {
    this.#assigned = undefined;
    this.#deliveredAt = 0;
  }

  close(): void {
    clearTimeout(this.#deadline);
    this.#heldNext?.destroy();
    this.#heldNext = undefined;
  }

  #deliver(invocation: Invocation, response: ServerResponse): void {
    this.party.delivering(invocation);
    this.#deliveredAt = performance.now();
    const deadlineMs = Date.now() + this.timeoutMs;
    const trace = traceId();
    this.party.delivered(invocation, deadlineMs, trace);
    const headers: (string | number)[] = [
      'Content-Type',
      'application/json',
      'Content-Length',
      invocation.payload.length,
      'Lambda-Runtime-Aws-Request-Id',
      invocation.requestId,
      'Lambda-Runtime-Deadline-Ms',
      deadlineMs,
      'Lambda-Runtime-Invoked-Function-Arn',
      this.functionArn,
      'Lambda-Runtime-Trace-Id',
      trace,
    ];
    if (invocation.clientContext) {
      headers.push(
        'Lambda-Runtime-Client-Context',
        Buffer.from(invocation.clientContext, 'base64').toString('utf8'),
      );
    }
    response.writeHead(200, headers as unknown as Record<string, string>);
    response.end(invocation.payload);
    if (this.#deadline) this.#deadline.refresh();
    else this.#deadline = setTimeout(() => this.#deadlinePassed(), this.timeoutMs);
  }

  // The timer is re-armed on every delivery and left running after a completion: a firing with no
  // invocation in flight is a no-op. An invocation whose caller has its answer is still in flight
  // until it is settled: extensions may be finishing it (the post-runtime phase), under the timeout.
  #deadlinePassed(): void {
    const invocation = this.#assigned;
    if (!invocation || !this.#deliveredAt) return;
    this.party.deadlinePassed(invocation, this.elapsedMs());
  }
}
