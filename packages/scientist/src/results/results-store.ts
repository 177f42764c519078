/** A per-request item (request, observations, diff): kept until its TTL. */
export interface ResultItem {
  readonly kind: 'request' | 'mismatch';
  readonly experiment: string;
  /** Sorts by time: `<ISO timestamp>#<request id>[#candidate]`. */
  readonly sortKey: string;
  /** Epoch seconds after which the store may forget the item. */
  readonly expiresAt: number;
  readonly data: unknown;
}

/** Increments for one experiment × minute aggregate item. */
export interface AggregateIncrement {
  readonly experiment: string;
  readonly minute: string;
  readonly increments: ReadonlyMap<string, number>;
}

/** One experiment × minute aggregate item: attribute name (`<variant>|<counter>`…) → total. */
export interface AggregateRow {
  readonly minute: string;
  readonly values: ReadonlyMap<string, number>;
}

/**
 * Where results live: per-request items, and per experiment × minute aggregates that increments
 * add to in place (so batches from many runners merge). The DynamoDB adapter
 * (`aws/dynamodb-store.ts`) and the in-memory store implement it; both pass
 * `test/store-contract.test.ts`.
 */
export interface ResultsStore {
  /** Puts items; putting one again with the same kind, experiment and sort key replaces it. */
  putResultItems(items: readonly ResultItem[]): Promise<void>;
  /** Adds each increment to the aggregate item's attribute, creating what is missing. */
  addAggregates(increment: AggregateIncrement, now?: number): Promise<void>;
  /** Aggregate rows of an experiment for minutes in [fromMinute, toMinute], oldest first. */
  aggregates(experiment: string, fromMinute: string, toMinute: string): Promise<AggregateRow[]>;
  /** The newest result items' data of one kind for an experiment, newest first. */
  recentResults(kind: ResultItem['kind'], experiment: string, limit: number): Promise<unknown[]>;
  /**
   * The data of result items of one kind whose sort key is at or after `fromSortKey` and before
   * `toSortKey` (ISO times sort as the items' keys do), oldest first, at most `limit`.
   */
  resultsBetween(
    kind: ResultItem['kind'],
    experiment: string,
    range: { readonly from: string; readonly to: string },
    limit: number,
  ): Promise<unknown[]>;
}
