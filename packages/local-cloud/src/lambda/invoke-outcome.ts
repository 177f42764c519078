/** What an Invoke call answers, over HTTP or in process. */
export interface InvokeOutcome {
  statusCode: number;
  payload: Uint8Array;
  functionError?: 'Unhandled' | 'Handled';
  /** Base64 of the last 4 KB of the invocation's log, when `logType: 'Tail'` was asked for. */
  logResult?: string;
  /** The service error's type for 4xx/5xx answers (ResourceNotFoundException, …), as in `x-amzn-errortype`. */
  errorType?: string;
  requestId?: string;
  /** For 429 answers: when to try again, as the Retry-After header says. */
  retryAfterSeconds?: number;
}

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

export interface InvokeOptions {
  invocationType?: InvocationType;
  logType?: LogType;
  /** Base64 JSON, passed to the function as Lambda-Runtime-Client-Context. */
  clientContext?: string;
}
