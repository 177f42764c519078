import {
  type AttributeValue,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DefinitionStore, StoredDefinition } from '../definition-store.js';
import { StoreError } from '../errors.js';
import type { AggregateIncrement, AggregateRow, ResultItem, ResultsStore } from '../results/results-store.js';
import type { RolloutStore, StoredRollout } from '../rollout/rollout-store.js';
import type { ClientTracing } from './client-tracing.js';

const DEFINITIONS_KEY = 'DEF';
const ROLLOUTS_KEY = 'ROLLOUT';
const EVALUATION_CLAIMS_KEY = 'ROLLOUT-ASKED';
const CURRENT = 'CURRENT';
/** Aggregates outlive per-request items: they are small and the dashboard's history. */
const AGGREGATE_TTL_SECONDS = 90 * 24 * 3600;
/** DynamoDB caps an expression at 4 KB; each `#nN :vN` clause takes about 12 characters. */
const CLAUSES_PER_UPDATE = 200;

const partitionOf = { request: 'REQ#', mismatch: 'MIS#' } as const;

/**
 * The scientist's single DynamoDB table (`pk`, `sk`, TTL on `ttl`): experiment definitions as
 * versions plus a current pointer, per-request result items, and aggregate items per experiment
 * × minute holding every variant's counters and histogram buckets, incremented with `ADD`, and
 * one rollout item per experiment, written only on the revision it was read at.
 */
export class DynamoDbStore implements ResultsStore, DefinitionStore, RolloutStore {
  readonly tableName: string;
  private readonly client: DynamoDBClient;

  constructor(options: {
    tableName: string;
    client?: DynamoDBClient;
    config?: DynamoDBClientConfig;
    tracing?: ClientTracing;
  }) {
    this.tableName = options.tableName;
    const client = options.client ?? new DynamoDBClient({ maxAttempts: 2, ...options.config });
    this.client = options.tracing ? options.tracing(client) : client;
  }

  destroy(): void {
    this.client.destroy();
  }

  async currentDefinition(
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<StoredDefinition | undefined> {
    const output = await this.call('read the current experiment definitions', () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: DEFINITIONS_KEY }, sk: { S: CURRENT } },
          ConsistentRead: true,
        }),
        { abortSignal: options.abortSignal },
      ),
    );
    return output.Item ? definitionOf(output.Item) : undefined;
  }

  async definitionHistory(limit = 20): Promise<StoredDefinition[]> {
    const output = await this.call('read the definition history', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': { S: DEFINITIONS_KEY }, ':v': { S: 'V#' } },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (output.Items ?? []).map(definitionOf);
  }

  /**
   * Stores `source` as the next version, then points CURRENT at it. The version item is written
   * only if that version is new, so two publishers cannot both claim it: the loser gets a clear
   * error and publishes again. (DynamoDB transactions would do this in one step; the local
   * cloud's DynamoDB does not have them.)
   */
  async publishDefinition(source: string, origin: string, now = Date.now()): Promise<StoredDefinition> {
    const previous = await this.currentDefinition();
    const version = (previous?.version ?? 0) + 1;
    const attributes = {
      version: { N: String(version) },
      source: { S: source },
      uploadedAt: { N: String(now) },
      origin: { S: origin },
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: DEFINITIONS_KEY },
            sk: { S: `V#${String(version).padStart(10, '0')}` },
            ...attributes,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { pk: { S: DEFINITIONS_KEY }, sk: { S: CURRENT }, ...attributes },
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': { N: String(version) } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new StoreError(
          `version ${version} was published by someone else meanwhile in table ${this.tableName}; publish again`,
          { cause: error },
        );
      }
      throw new StoreError(
        `could not publish the experiment definitions to table ${this.tableName}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { version, source, uploadedAt: now, origin };
  }

  /** Writes per-request items in batches of 25, retrying what DynamoDB leaves unprocessed. */
  async putResultItems(items: readonly ResultItem[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let requests = items.slice(start, start + 25).map((item) => ({
        PutRequest: {
          Item: {
            pk: { S: `${partitionOf[item.kind]}${item.experiment}` },
            sk: { S: item.sortKey },
            ttl: { N: String(item.expiresAt) },
            data: { S: JSON.stringify(item.data) },
          },
        },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt === 3) throw new StoreError(`DynamoDB left ${requests.length} result items unprocessed`);
        const output = await this.call('write result items', () =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = (output.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  /** One UpdateItem with `ADD` per aggregate item (split only if the expression would be too long). */
  async addAggregates(increment: AggregateIncrement, now = Date.now()): Promise<void> {
    const entries = [...increment.increments.entries()].filter(([, by]) => by !== 0);
    for (let start = 0; start < entries.length || start === 0; start += CLAUSES_PER_UPDATE) {
      const chunk = entries.slice(start, start + CLAUSES_PER_UPDATE);
      const names: Record<string, string> = { '#ttl': 'ttl' };
      const values: Record<string, AttributeValue> = {
        ':ttl': { N: String(Math.floor(now / 1000) + AGGREGATE_TTL_SECONDS) },
      };
      const clauses = chunk.map(([name, by], index) => {
        names[`#n${index}`] = name;
        values[`:v${index}`] = { N: String(by) };
        return `#n${index} :v${index}`;
      });
      await this.call('update aggregates', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: `AGG#${increment.experiment}` }, sk: { S: increment.minute } },
            UpdateExpression: `SET #ttl = :ttl${clauses.length ? ` ADD ${clauses.join(', ')}` : ''}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
      if (entries.length === 0) break;
    }
  }

  /** Aggregate rows of an experiment for minutes in [fromMinute, toMinute]. */
  async aggregates(experiment: string, fromMinute: string, toMinute: string): Promise<AggregateRow[]> {
    const items = await this.itemsBetween('read aggregates', `AGG#${experiment}`, {
      from: fromMinute,
      to: toMinute,
    });
    return items.map((item) => {
      const values = new Map<string, number>();
      for (const [name, value] of Object.entries(item)) {
        if (name.includes('|') && value.N !== undefined) values.set(name, Number(value.N));
      }
      return { minute: item.sk?.S ?? '', values };
    });
  }

  /** The newest result items of one kind for an experiment, newest first. */
  async recentResults(kind: ResultItem['kind'], experiment: string, limit: number): Promise<unknown[]> {
    const output = await this.call('read recent results', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `${partitionOf[kind]}${experiment}` } },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (output.Items ?? []).map((item) => JSON.parse(item.data?.S ?? 'null'));
  }

  /** Items between two sort keys, oldest first, up to `limit`. */
  async resultsBetween(
    kind: ResultItem['kind'],
    experiment: string,
    range: { readonly from: string; readonly to: string },
    limit: number,
  ): Promise<unknown[]> {
    const items = await this.itemsBetween(
      'read results between two times',
      `${partitionOf[kind]}${experiment}`,
      range,
      limit,
    );
    return items.map((item) => JSON.parse(item.data?.S ?? 'null'));
  }

  /** A partition's items with sort keys in [from, to], oldest first, page by page up to `limit`. */
  private async itemsBetween(
    operation: string,
    partition: string,
    range: { readonly from: string; readonly to: string },
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, AttributeValue>[]> {
    const found: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.call(operation, () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': { S: partition },
              ':from': { S: range.from },
              ':to': { S: range.to },
            },
            ...(Number.isFinite(limit) ? { Limit: Math.min(1000, limit - found.length) } : {}),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      found.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found;
  }

  /**
   * One conditional UpdateItem: true for the first caller in `intervalMs`, so that of many runner
   * environments asking for the same experiment's evaluation, one invokes the evaluator.
   */
  async claimEvaluation(experiment: string, now: number, intervalMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: EVALUATION_CLAIMS_KEY }, sk: { S: experiment } },
          UpdateExpression: 'SET claimedAt = :now',
          ConditionExpression: 'attribute_not_exists(claimedAt) OR claimedAt <= :before',
          ExpressionAttributeValues: {
            ':now': { N: String(now) },
            ':before': { N: String(now - intervalMs) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StoreError(
        `could not claim the evaluation of ${experiment}'s rollout in table ${this.tableName}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async rollout(experiment: string): Promise<StoredRollout | undefined> {
    const output = await this.call('read a rollout', () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: ROLLOUTS_KEY }, sk: { S: experiment } },
          ConsistentRead: true,
        }),
      ),
    );
    return output.Item ? (JSON.parse(output.Item.data?.S ?? 'null') as StoredRollout) : undefined;
  }

  async rollouts(options: { abortSignal?: AbortSignal } = {}): Promise<StoredRollout[]> {
    const output = await this.call('read the rollouts', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: ROLLOUTS_KEY } },
          ConsistentRead: true,
        }),
        { abortSignal: options.abortSignal },
      ),
    );
    return (output.Items ?? []).map((item) => JSON.parse(item.data?.S ?? 'null') as StoredRollout);
  }

  /** A conditional put on the stored revision: of two evaluators that read the same state, one writes. */
  async writeRollout(rollout: StoredRollout, expectedRevision: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: ROLLOUTS_KEY },
            sk: { S: rollout.experiment },
            revision: { N: String(rollout.state.revision) },
            data: { S: JSON.stringify(rollout) },
          },
          ...(expectedRevision === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedRevision) } },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StoreError(
        `could not write the rollout of ${rollout.experiment} to table ${this.tableName}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(
        `could not ${what} in DynamoDB table ${this.tableName}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}

function definitionOf(item: Record<string, AttributeValue>): StoredDefinition {
  return {
    version: Number(item.version?.N ?? 0),
    source: item.source?.S ?? '',
    uploadedAt: Number(item.uploadedAt?.N ?? 0),
    origin: item.origin?.S ?? 'upload',
  };
}
