import { candidateOutcome, type Observation } from '@serverless-scientist/core';
import { type Clock, systemClock } from '../clock.js';
import {
  addAggregates,
  addServing,
  CONTROL_KEY,
  type Counter,
  counterAttribute,
  minuteOf,
  type RequestRecord,
  type ServingNote,
} from './request-record.js';
import type { ResultItem, ResultsStore } from './results-store.js';
import type { StoredMismatch } from './stored-mismatch.js';

/** Where recorded results go: the writing half of the results store. */
export type ResultsSink = Pick<ResultsStore, 'putResultItems' | 'addAggregates'>;

export interface FlushReport {
  readonly itemsWritten: number;
  readonly aggregatesWritten: number;
  /** Items still waiting because the store failed; they go with the next flush. */
  readonly pendingItems: number;
  /** Items given up for good in this flush (counted as `dropped` in the aggregates). */
  readonly droppedItems: number;
  readonly error?: Error;
}

/**
 * Results the store has not taken yet, in a form that travels as JSON: the runner hands them to
 * a later invocation of itself when its own invocation must end.
 */
export interface PendingResults {
  readonly items: readonly { readonly item: ResultItem; readonly variants: readonly string[] }[];
  readonly increments: readonly {
    readonly experiment: string;
    readonly minute: string;
    readonly values: readonly (readonly [string, number])[];
  }[];
}

/** Recorded bodies are cut here: a result item must stay far below DynamoDB's 400 KB. */
const MAX_RECORDED_BODY = 16 * 1024;

/**
 * Collects request records and writes them in batches: per-request items (idempotent puts) and
 * one `ADD` update per experiment × minute aggregate. When the store fails, everything stays
 * pending for the next flush; past `maxPendingItems` the oldest items are dropped and counted as
 * `dropped` in the aggregates, so a loss shows in the results rather than vanishing.
 */
export class ResultRecorder {
  private items: { item: ResultItem; variants: readonly string[] }[] = [];
  private readonly increments = new Map<
    string,
    { experiment: string; minute: string; values: Map<string, number> }
  >();
  private readonly clock: Clock;
  private readonly sink: ResultsSink;
  private readonly retentionSeconds: number;
  private readonly maxPendingItems: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(options: {
    sink: ResultsSink;
    clock?: Clock;
    retentionDays?: number;
    maxPendingItems?: number;
    attempts?: number;
    backoffMs?: number;
  }) {
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.retentionSeconds = (options.retentionDays ?? 7) * 24 * 3600;
    this.maxPendingItems = options.maxPendingItems ?? 2000;
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 50;
  }

  get pendingItems(): number {
    return this.items.length;
  }

  record(record: RequestRecord): void {
    addAggregates(record, this.incrementsFor(record.experiment, minuteOf(record.at)));
    const expiresAt = Math.floor(record.at / 1000) + this.retentionSeconds;
    const stamp = `${new Date(record.at).toISOString()}#${record.requestId}`;
    const variants = [CONTROL_KEY, ...record.candidates.map((run) => run.observation.variantId)];
    const anyMismatch = record.candidates.some((run) => candidateOutcome(run.outcome).mismatched);
    const keepBodies = record.bodies === 'all' || (record.bodies === 'mismatches' && anyMismatch);
    this.items.push({
      variants,
      item: {
        kind: 'request',
        experiment: record.experiment,
        sortKey: stamp,
        expiresAt,
        data: {
          requestId: record.requestId,
          at: new Date(record.at).toISOString(),
          request: keepBodies ? record.request : { ...record.request, body: undefined },
          control: stored(record.control, keepBodies, record.redactHeaders),
          // Where runs differed too: a rollout's step evidence is counted again from these items.
          candidates: record.candidates.map((run) => ({
            outcome: run.outcome,
            diff: run.diff,
            ...(run.fields ? { fields: run.fields } : {}),
            ...(run.mismatchKeys ? { mismatchKeys: run.mismatchKeys } : {}),
            observation: stored(run.observation, keepBodies, record.redactHeaders),
          })),
          ...(record.noise
            ? {
                noise: {
                  outcome: record.noise.outcome,
                  diff: record.noise.diff,
                  ...(record.noise.fields ? { fields: record.noise.fields } : {}),
                  observation: stored(record.noise.observation, keepBodies, record.redactHeaders),
                },
              }
            : {}),
          ...(record.served ? { served: record.served } : {}),
        },
      },
    });
    for (const run of record.candidates) {
      if (!candidateOutcome(run.outcome).mismatched) continue;
      this.items.push({
        variants: [run.observation.variantId],
        item: {
          kind: 'mismatch',
          experiment: record.experiment,
          sortKey: `${stamp}#${run.observation.variantId}`,
          expiresAt,
          data: {
            requestId: record.requestId,
            at: new Date(record.at).toISOString(),
            candidate: run.observation.variantId,
            diff: run.diff ?? '',
            mismatchKeys: run.mismatchKeys ?? [],
            request: keepBodies ? record.request : { ...record.request, body: undefined },
            control: stored(record.control, keepBodies, record.redactHeaders),
            observation: stored(run.observation, keepBodies, record.redactHeaders),
            curl: record.curl,
          } satisfies StoredMismatch,
        },
      });
    }
  }

  get hasPending(): boolean {
    return this.items.length > 0 || this.increments.size > 0;
  }

  /** Removes and returns everything pending. */
  takePending(): PendingResults {
    const pending: PendingResults = {
      items: this.items,
      increments: [...this.increments.values()].map(({ experiment, minute, values }) => ({
        experiment,
        minute,
        values: [...values.entries()],
      })),
    };
    this.items = [];
    this.increments.clear();
    return pending;
  }

  /** Takes back results that were pending elsewhere, merging their counts with these. */
  restore(pending: PendingResults): void {
    this.items.push(...pending.items);
    for (const { experiment, minute, values } of pending.increments) {
      const into = this.incrementsFor(experiment, minute);
      for (const [name, by] of values) into.set(name, (into.get(name) ?? 0) + by);
    }
  }

  /**
   * Gives up the per-request items still pending, keeping only their counts plus a `dropped`
   * count per variant: the small part that can wait longer for the store.
   */
  dropItems(): number {
    return this.dropOldest(0);
  }

  /** Counts requests the proxy could not hand to the runner (too large, hand-off failed). */
  countSkipped(experiment: string, at: number, count = 1, served?: ServingNote): void {
    this.bump(experiment, at, CONTROL_KEY, 'skipped', count);
    if (served) addServing(served, (name) => this.bumpAttribute(experiment, at, name, count));
  }

  /**
   * Counts a request the proxy handed to the runner: each must end recorded (a control sample) or
   * skipped, so the difference is what a runner lost (crashed, killed, timed out).
   */
  countHandedOff(experiment: string, at: number): void {
    this.bump(experiment, at, CONTROL_KEY, 'handedOff', 1);
  }

  /** Writes everything pending; never throws: a failure is in the report and stays pending. */
  async flush(): Promise<FlushReport> {
    let itemsWritten = 0;
    let aggregatesWritten = 0;
    let lastError: Error | undefined;
    const batch = this.items.slice();
    if (batch.length > 0) {
      const error = await this.withRetries(() => this.sink.putResultItems(batch.map((entry) => entry.item)));
      if (error) lastError = error;
      else {
        this.items = this.items.slice(batch.length);
        itemsWritten = batch.length;
      }
    }
    const droppedItems = this.dropOldest(this.maxPendingItems);
    for (const [key, increment] of [...this.increments.entries()]) {
      // Taken out while it is written: counts recorded meanwhile start a new increment, not
      // one that is deleted once this write is done.
      this.increments.delete(key);
      const error = await this.withRetries(() =>
        this.sink.addAggregates({
          experiment: increment.experiment,
          minute: increment.minute,
          increments: increment.values,
        }),
      );
      if (error) {
        const into = this.incrementsFor(increment.experiment, increment.minute);
        for (const [name, by] of increment.values) into.set(name, (into.get(name) ?? 0) + by);
        lastError = error;
        break;
      }
      aggregatesWritten++;
    }
    return {
      itemsWritten,
      aggregatesWritten,
      pendingItems: this.items.length,
      droppedItems,
      ...(lastError ? { error: lastError } : {}),
    };
  }

  /** Drops the oldest items beyond `keep`, counting each request's variants as dropped. */
  private dropOldest(keep: number): number {
    const excess = this.items.length - keep;
    if (excess <= 0) return 0;
    const dropped = this.items.slice(0, excess);
    this.items = this.items.slice(excess);
    const now = this.clock.now();
    for (const { item, variants } of dropped) {
      if (item.kind !== 'request') continue;
      for (const variant of variants) this.bump(item.experiment, now, variant, 'dropped', 1);
    }
    return dropped.length;
  }

  private bump(experiment: string, at: number, variant: string, counter: Counter, count: number): void {
    this.bumpAttribute(experiment, at, counterAttribute(variant, counter), count);
  }

  private bumpAttribute(experiment: string, at: number, name: string, count: number): void {
    const values = this.incrementsFor(experiment, minuteOf(at));
    values.set(name, (values.get(name) ?? 0) + count);
  }

  private incrementsFor(experiment: string, minute: string): Map<string, number> {
    const key = `${experiment}\n${minute}`;
    let entry = this.increments.get(key);
    if (!entry) {
      entry = { experiment, minute, values: new Map() };
      this.increments.set(key, entry);
    }
    return entry.values;
  }

  private async withRetries(write: () => Promise<void>): Promise<Error | undefined> {
    let error: Error | undefined;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (attempt - 1)));
      try {
        await write();
        return undefined;
      } catch (caught) {
        error = caught as Error;
      }
    }
    return error;
  }
}

function stored(observation: Observation, keepBodies: boolean, redactHeaders: readonly string[]): unknown {
  const { body, headers, ...rest } = observation;
  const hidden = new Set(redactHeaders);
  const shown = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, hidden.has(name) ? '(redacted)' : value]),
  );
  if (body === undefined) return { ...rest, headers: shown };
  return {
    ...rest,
    headers: shown,
    bodyLength: body.length,
    ...(keepBodies
      ? {
          body: body.slice(0, MAX_RECORDED_BODY),
          ...(body.length > MAX_RECORDED_BODY ? { bodyTruncated: true } : {}),
        }
      : {}),
  };
}
