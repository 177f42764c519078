import { randomUUID } from 'node:crypto';
import { InvocationLog } from './log-book.js';

/** How one invocation ended, as the invoker sees it. */
export interface InvocationResult {
  payload: Buffer;
  functionError?: 'Unhandled';
  logResult?: string;
}

export interface InvocationOptions {
  asynchronous?: boolean;
  clientContext?: string | undefined;
  /** Keep the invocation's own log lines for X-Amz-Log-Result (LogType: Tail). */
  logTail?: boolean;
  requestId?: string;
}

/** One request to a function, from the moment it is accepted until its result is known. */
export class Invocation {
  /** Only kept when the invoker asked for the log tail. */
  readonly log: InvocationLog | undefined;
  readonly asynchronous: boolean;
  readonly clientContext: string | undefined;
  readonly requestId: string;
  readonly done: Promise<InvocationResult>;
  /**
   * Settles when the environment is done with the invocation: with the result, or later when
   * extensions keep working after it (the post-runtime phase). Concurrency counts until then.
   */
  readonly released: Promise<void>;
  #resolve!: (result: InvocationResult) => void;
  #release!: () => void;
  #finished = false;

  constructor(
    readonly functionName: string,
    readonly payload: Buffer,
    options: InvocationOptions = {},
  ) {
    this.asynchronous = options.asynchronous ?? false;
    this.clientContext = options.clientContext;
    this.requestId = options.requestId ?? randomUUID();
    this.log = options.logTail ? new InvocationLog() : undefined;
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.released = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  /** The environment is done with it, extensions included. */
  release(): void {
    this.#release();
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Settles the invocation once; later outcomes (e.g. an exit after a timeout) are ignored. */
  finish(result: InvocationResult): boolean {
    if (this.#finished) return false;
    this.#finished = true;
    this.#resolve(result);
    return true;
  }
}
