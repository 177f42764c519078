/** One version of the experiment definitions, as uploaded: the source text is the truth. */
export interface StoredDefinition {
  readonly version: number;
  readonly source: string;
  readonly uploadedAt: number;
  /** `upload` or `promote <experiment> <candidate>`. */
  readonly origin: string;
}

/**
 * Where uploaded experiment definitions live: numbered versions and a current one. The DynamoDB
 * adapter (`aws/dynamodb-store.ts`) and the in-memory store implement it; both pass
 * `test/store-contract.test.ts`.
 */
export interface DefinitionStore {
  /** The current version; undefined until one is published. */
  currentDefinition(options?: { abortSignal?: AbortSignal }): Promise<StoredDefinition | undefined>;
  /** The newest versions first, at most `limit`. */
  definitionHistory(limit?: number): Promise<StoredDefinition[]>;
  /**
   * Stores `source` as the next version and makes it current; when another publisher took that
   * version meanwhile, fails with a StoreError that says to publish again.
   */
  publishDefinition(source: string, origin: string, now?: number): Promise<StoredDefinition>;
}
