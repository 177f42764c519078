import type { RequestSummary } from './request-record.js';

/**
 * One recorded mismatch as the store keeps it and the data API serves it (`…/mismatches`): what
 * differed, where, and a curl that replays the request against the scientist. Observations are
 * stored with secret headers redacted and bodies as `record.bodies` says.
 */
export interface StoredMismatch {
  readonly requestId: string;
  /** ISO 8601. */
  readonly at: string;
  readonly candidate: string;
  readonly diff: string;
  /** Where it differed (`body /price`, `header content-type`): the groups it counts in. */
  readonly mismatchKeys: readonly string[];
  readonly request: RequestSummary;
  readonly control: unknown;
  readonly observation: unknown;
  readonly curl: string;
}
