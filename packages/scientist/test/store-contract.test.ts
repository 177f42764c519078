import { initialRolloutState, type RolloutPlan } from '@serverless-scientist/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DefinitionStore, InMemoryStore, type ResultsStore, type RolloutStore } from '../src/index.js';
import { startDynamoDb, type TestDynamoDb } from './support/dynalite.js';

type Store = ResultsStore & DefinitionStore & RolloutStore;

const plan: RolloutPlan = {
  candidate: 'candidate-1',
  steps: [10, 100],
  everyMs: 5000,
  gates: { minSamples: 20 },
  onFailure: 'rollback',
  keepOldControlMs: 3_600_000,
};

let dynamo: TestDynamoDb;
beforeAll(async () => {
  dynamo = await startDynamoDb('contract-test');
});
afterAll(async () => {
  await dynamo?.stop();
});

// The same scenarios against every implementation of the store ports: the in-memory store must
// answer as the DynamoDB adapter does against a real DynamoDB API (dynalite). Each scenario uses
// its own experiment ids, so one dynalite table serves them all.
const implementations: [string, () => Store][] = [
  ['in memory', () => new InMemoryStore()],
  ['DynamoDB (dynalite)', () => dynamo.store],
];

describe.each(implementations)('the store, %s', (_name, storeOf) => {
  test('has no definitions before the first upload, then numbers each version and keeps the newest current', async () => {
    const store = storeOf();
    const before = await store.currentDefinition();
    const first = await store.publishDefinition('experiments: {}\n', 'upload', 1_000);
    const second = await store.publishDefinition('experiments: {a: 1}\n', 'promote a b', 2_000);
    expect(second.version).toBe(first.version + 1);
    expect(await store.currentDefinition()).toEqual(second);
    const history = await store.definitionHistory(2);
    expect(history).toEqual([second, first]);
    expect((await store.definitionHistory(1)).map((definition) => definition.origin)).toEqual([
      'promote a b',
    ]);
    // The first scenario of each store: nothing was published before it.
    expect(before).toBeUndefined();
    expect(first).toEqual({ version: 1, source: 'experiments: {}\n', uploadedAt: 1_000, origin: 'upload' });
  });

  test('lets only one of two publishers at once claim a version; the other is told to publish again', async () => {
    const store = storeOf();
    const results = await Promise.allSettled([
      store.publishDefinition('experiments: {one: 1}\n', 'upload'),
      store.publishDefinition('experiments: {two: 2}\n', 'upload'),
    ]);
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as Error] : [],
    );
    expect(failures.map((error) => [error.name, /publish again/.test(error.message)])).toEqual([
      ['StoreError', true],
    ]);
    const won = results.find((result) => result.status === 'fulfilled');
    expect(await store.currentDefinition()).toEqual(won?.status === 'fulfilled' ? won.value : undefined);
  });

  test('adds increments into one item per experiment and minute, leaving other experiments and minutes alone', async () => {
    const store = storeOf();
    await store.addAggregates({
      experiment: 'sum-a',
      minute: '2026-11-23T06:01',
      increments: new Map([
        ['_control|samples', 2],
        ['c1|matches', 1],
        ['c1|client|12', 1],
      ]),
    });
    await store.addAggregates({
      experiment: 'sum-a',
      minute: '2026-11-23T06:01',
      increments: new Map([
        ['_control|samples', 3],
        ['c1|client|sum', 4.5],
        ['c1|unchanged', 0],
      ]),
    });
    await store.addAggregates({
      experiment: 'sum-a',
      minute: '2026-11-23T06:03',
      increments: new Map([['_control|samples', 7]]),
    });
    await store.addAggregates({
      experiment: 'sum-b',
      minute: '2026-11-23T06:01',
      increments: new Map([['x|samples', 1]]),
    });
    const rows = await store.aggregates('sum-a', '2026-11-23T06:00', '2026-11-23T06:02');
    expect(rows.map(({ minute, values }) => [minute, Object.fromEntries(values)])).toEqual([
      [
        '2026-11-23T06:01',
        { '_control|samples': 5, 'c1|matches': 1, 'c1|client|12': 1, 'c1|client|sum': 4.5 },
      ],
    ]);
    const both = await store.aggregates('sum-a', '2026-11-23T06:01', '2026-11-23T06:03');
    expect(both.map((row) => row.minute)).toEqual(['2026-11-23T06:01', '2026-11-23T06:03']);
    expect(await store.aggregates('sum-none', '2026-11-23T06:00', '2026-11-23T07:00')).toEqual([]);
  });

  test('gives back the newest result items of a kind first, as JSON reads them, a rewrite replacing the item', async () => {
    const store = storeOf();
    const item = (sortKey: string, data: unknown, kind: 'request' | 'mismatch' = 'request') => ({
      kind,
      experiment: 'items-a',
      sortKey,
      expiresAt: 2_000_000_000,
      data,
    });
    await store.putResultItems([
      item('2026-11-23T06:01:00.000Z#r1', { n: 1, dropped: undefined }),
      item('2026-11-23T06:03:00.000Z#r3', { n: 3 }),
      item('2026-11-23T06:02:00.000Z#r2', { n: 2 }),
      item('2026-11-23T06:02:00.000Z#r2#c1', { mismatch: true }, 'mismatch'),
    ]);
    await store.putResultItems([item('2026-11-23T06:02:00.000Z#r2', { n: 2, again: true })]);
    expect(await store.recentResults('request', 'items-a', 10)).toEqual([
      { n: 3 },
      { n: 2, again: true },
      { n: 1 },
    ]);
    expect(await store.recentResults('request', 'items-a', 1)).toEqual([{ n: 3 }]);
    expect(await store.recentResults('mismatch', 'items-a', 10)).toEqual([{ mismatch: true }]);
    expect(await store.recentResults('mismatch', 'items-none', 10)).toEqual([]);
  });

  test('writes more items than one batch holds', async () => {
    const store = storeOf();
    const items = Array.from({ length: 60 }, (_, i) => ({
      kind: 'request' as const,
      experiment: 'items-many',
      sortKey: `2026-11-23T06:01:00.000Z#r${String(i).padStart(3, '0')}`,
      expiresAt: 2_000_000_000,
      data: { i },
    }));
    await store.putResultItems(items);
    const recent = (await store.recentResults('request', 'items-many', 100)) as { i: number }[];
    expect(recent.map((data) => data.i)).toEqual(items.map((_, i) => 59 - i));
  });

  test('gives back the items between two times, oldest first, across pages, up to a limit', async () => {
    const store = storeOf();
    const items = Array.from({ length: 1203 }, (_, i) => ({
      kind: 'request' as const,
      experiment: 'items-since',
      sortKey: `2026-11-23T06:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z#r${i}`,
      expiresAt: 2_000_000_000,
      data: { i },
    }));
    await store.putResultItems(items);
    const since = (await store.resultsBetween(
      'request',
      'items-since',
      { from: '2026-11-23T06:10:00.000Z', to: '2026-11-23T06:20:00.000Z' },
      5000,
    )) as {
      i: number;
    }[];
    // 06:10:00.000 up to (not including) 06:20:00.000: sort keys are the time then `#<id>`.
    expect(since.map((data) => data.i)).toEqual(items.slice(600, 1200).map((_, i) => 600 + i));
    const limited = (await store.resultsBetween(
      'request',
      'items-since',
      { from: '2026-11-23T06:00', to: '2026-11-23T07' },
      7,
    )) as {
      i: number;
    }[];
    expect(limited.map((data) => data.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(
      await store.resultsBetween('mismatch', 'items-since', { from: '2026-11-23', to: '2026-11-24' }, 10),
    ).toEqual([]);
  });

  test('writes a rollout only on the revision it was read at: of two racing writers, one wins', async () => {
    const store = storeOf();
    expect(await store.rollout('rollout-a')).toBeUndefined();
    const first = {
      experiment: 'rollout-a',
      planKey: 'plan-1',
      plan,
      state: { ...initialRolloutState, revision: 1 },
    };
    expect(await store.writeRollout(first, 0)).toBe(true);
    expect(await store.writeRollout(first, 0)).toBe(false);
    // Of many environments asking for an evaluation within the interval, one may.
    const claims = await Promise.all(
      [0, 1, 2, 3].map(() => store.claimEvaluation('rollout-a', 1_000_000, 1000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimEvaluation('rollout-a', 1_000_500, 1000)).toBe(false);
    expect(await store.claimEvaluation('rollout-a', 1_001_000, 1000)).toBe(true);
    const next = (step: number) => ({
      ...first,
      state: { ...first.state, step, percent: step * 10, revision: 2 },
    });
    const raced = await Promise.all([store.writeRollout(next(1), 1), store.writeRollout(next(2), 1)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const stored = await store.rollout('rollout-a');
    expect(stored?.state.revision).toBe(2);
    expect(stored?.state.step).toBe(raced[0] ? 1 : 2);
    await store.writeRollout(
      { experiment: 'rollout-b', planKey: 'plan-2', plan, state: initialRolloutState },
      0,
    );
    const all = await store.rollouts();
    expect(
      all
        .map((rollout) => rollout.experiment)
        .filter((id) => id.startsWith('rollout-'))
        .sort(),
    ).toEqual(['rollout-a', 'rollout-b']);
  });
});
