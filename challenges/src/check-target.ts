import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { openStore } from '@serverless-scientist/scientist';

/** The scientist's results store, as `openStore` gives it. */
export type ResultsStore = ReturnType<typeof openStore>;

export interface ToolchainCheck {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

/**
 * Where a check looks: the running local cloud or an AWS deployment. Checks ask the same
 * questions of both (the same Lambda and DynamoDB SDK calls); only the endpoints differ.
 */
export interface CheckTarget {
  readonly kind: 'local' | 'aws';
  /** The workspace root: the repository the attendee works in. */
  readonly root: string;
  readonly stage: string;
  /** Is anything there to check: the local cloud running, or AWS credentials and region usable. */
  reachable(): Promise<{ readonly ok: boolean; readonly detail: string; readonly hint?: string }>;
  lambda(): LambdaClient;
  /** The full URL of a function's first HTTP route (e.g. ending in `/round`), or null when it has none. */
  functionUrl(functionName: string): Promise<string | null>;
  /** The scientist's base URL (its experiments are at `<url>/<path>`), or null while it is not deployed. */
  scientistUrl(): Promise<string | null>;
  store(): ResultsStore;
  toolchains(): Promise<readonly ToolchainCheck[]>;
  /** Whether memory size means CPU here; `available: null` when it cannot be told. */
  cpuQuota(): Promise<{ readonly available: boolean | null; readonly detail: string }>;
  /** Releases the SDK clients. */
  close(): void;
}
