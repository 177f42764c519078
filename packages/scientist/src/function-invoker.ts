/**
 * How the service reaches functions: the Lambda adapter (`aws/lambda-invoker.ts`) implements it
 * for AWS and the local cloud alike; tests may pass small in-memory invokers.
 */

export interface InvokeRequest {
  readonly functionName: string;
  readonly payload: Uint8Array;
  /** `Event` hands off without waiting for the function (the runner); `RequestResponse` waits. */
  readonly invocationType: 'RequestResponse' | 'Event';
  /** Ask for the tail of the log, whose REPORT line carries the function-side durations. */
  readonly logTail?: boolean;
  /** Abandon the call after this long; the function may still run, but nobody waits for it. */
  readonly timeoutMs?: number;
}

export type InvokeFailureKind = 'timeout' | 'throttled' | 'invoke-failed' | 'payload-too-large';

export type InvokeOutcome =
  | {
      readonly kind: 'returned';
      readonly payload: Uint8Array;
      /** Set when the function failed: `Unhandled` or `Handled`, as the Invoke API says. */
      readonly functionError?: string;
      readonly logTail?: string;
    }
  | { readonly kind: 'accepted' }
  | { readonly kind: 'failed'; readonly failure: InvokeFailureKind; readonly message: string };

export interface Invoker {
  invoke(request: InvokeRequest): Promise<InvokeOutcome>;
}
