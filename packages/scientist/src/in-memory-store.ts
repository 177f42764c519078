import type { DefinitionStore, StoredDefinition } from './definition-store.js';
import { StoreError } from './errors.js';
import type { AggregateIncrement, AggregateRow, ResultItem, ResultsStore } from './results/results-store.js';
import type { RolloutStore, StoredRollout } from './rollout/rollout-store.js';

/**
 * Both store ports in memory, with the DynamoDB adapter's semantics (same contract test): for
 * tests and tools that need a store and no table. Item data is kept as JSON, as the table keeps
 * it, so what reads back is what DynamoDB would give.
 */
export class InMemoryStore implements ResultsStore, DefinitionStore, RolloutStore {
  private readonly versions = new Map<number, StoredDefinition>();
  private current: StoredDefinition | undefined;
  private readonly items = new Map<string, Map<string, string>>();
  private readonly aggregateItems = new Map<string, Map<string, Map<string, number>>>();
  private readonly rolloutItems = new Map<string, string>();
  private readonly evaluationClaims = new Map<string, number>();

  async currentDefinition(
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<StoredDefinition | undefined> {
    if (options.abortSignal?.aborted)
      throw new StoreError('could not read the current experiment definitions: the read was aborted');
    return this.current;
  }

  async definitionHistory(limit = 20): Promise<StoredDefinition[]> {
    return [...this.versions.values()].sort((a, b) => b.version - a.version).slice(0, limit);
  }

  async publishDefinition(source: string, origin: string, now = Date.now()): Promise<StoredDefinition> {
    const previous = await this.currentDefinition();
    const version = (previous?.version ?? 0) + 1;
    if (this.versions.has(version))
      throw new StoreError(`version ${version} was published by someone else meanwhile; publish again`);
    const stored: StoredDefinition = Object.freeze({ version, source, uploadedAt: now, origin });
    this.versions.set(version, stored);
    if (!this.current || this.current.version < version) this.current = stored;
    return stored;
  }

  async putResultItems(items: readonly ResultItem[]): Promise<void> {
    for (const item of items) {
      const partition = `${item.kind}#${item.experiment}`;
      let entries = this.items.get(partition);
      if (!entries) {
        entries = new Map();
        this.items.set(partition, entries);
      }
      entries.set(item.sortKey, JSON.stringify(item.data));
    }
  }

  async addAggregates(increment: AggregateIncrement): Promise<void> {
    let minutes = this.aggregateItems.get(increment.experiment);
    if (!minutes) {
      minutes = new Map();
      this.aggregateItems.set(increment.experiment, minutes);
    }
    let values = minutes.get(increment.minute);
    if (!values) {
      values = new Map();
      minutes.set(increment.minute, values);
    }
    for (const [name, by] of increment.increments) {
      if (by !== 0) values.set(name, (values.get(name) ?? 0) + by);
    }
  }

  async aggregates(experiment: string, fromMinute: string, toMinute: string): Promise<AggregateRow[]> {
    const minutes = this.aggregateItems.get(experiment) ?? new Map<string, Map<string, number>>();
    return [...minutes]
      .filter(([minute]) => minute >= fromMinute && minute <= toMinute)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([minute, values]) => ({ minute, values: new Map(values) }));
  }

  async recentResults(kind: ResultItem['kind'], experiment: string, limit: number): Promise<unknown[]> {
    return this.entriesOf(kind, experiment)
      .reverse()
      .slice(0, limit)
      .map(([, data]) => JSON.parse(data));
  }

  async resultsBetween(
    kind: ResultItem['kind'],
    experiment: string,
    range: { readonly from: string; readonly to: string },
    limit: number,
  ): Promise<unknown[]> {
    return this.entriesOf(kind, experiment)
      .filter(([sortKey]) => sortKey >= range.from && sortKey <= range.to)
      .slice(0, limit)
      .map(([, data]) => JSON.parse(data));
  }

  /** One kind of an experiment's result items as [sort key, data], in sort-key order, as DynamoDB keeps them. */
  private entriesOf(kind: ResultItem['kind'], experiment: string): [string, string][] {
    return [...(this.items.get(`${kind}#${experiment}`) ?? [])].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
  }

  async claimEvaluation(experiment: string, now: number, intervalMs: number): Promise<boolean> {
    const last = this.evaluationClaims.get(experiment);
    if (last !== undefined && last > now - intervalMs) return false;
    this.evaluationClaims.set(experiment, now);
    return true;
  }

  async rollout(experiment: string): Promise<StoredRollout | undefined> {
    const stored = this.rolloutItems.get(experiment);
    return stored === undefined ? undefined : JSON.parse(stored);
  }

  async rollouts(options: { abortSignal?: AbortSignal } = {}): Promise<StoredRollout[]> {
    if (options.abortSignal?.aborted)
      throw new StoreError('could not read the rollouts: the read was aborted');
    return [...this.rolloutItems.values()].map((stored) => JSON.parse(stored));
  }

  async writeRollout(rollout: StoredRollout, expectedRevision: number): Promise<boolean> {
    // Read and written in one turn of the event loop, as DynamoDB's condition is one operation.
    const stored = this.rolloutItems.get(rollout.experiment);
    const taken =
      expectedRevision === 0
        ? stored !== undefined
        : stored === undefined || (JSON.parse(stored) as StoredRollout).state.revision !== expectedRevision;
    if (taken) return false;
    this.rolloutItems.set(rollout.experiment, JSON.stringify(rollout));
    return true;
  }
}
