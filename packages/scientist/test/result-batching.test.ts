import { describe, expect, test } from 'vitest';
import { Incidents } from '../src/incidents.js';
import type { ShadowTask } from '../src/index.js';
import { ScientistProxy } from '../src/proxy/scientist-proxy.js';
import { summarize } from '../src/results/experiment-summary.js';
import { minuteOf } from '../src/results/request-record.js';
import { ResultRecorder, type ResultsSink } from '../src/results/result-recorder.js';
import type { AggregateIncrement, ResultItem } from '../src/results/results-store.js';
import { RunnerService } from '../src/runner/runner-service.js';
import { ShadowRunner } from '../src/runner/shadow-runner.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { restEvent } from './support/gateway-events.js';
import { InMemoryLambda } from './support/in-memory-lambda.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const answer = { statusCode: 200, headers: {}, body: '1' };

/** A store that keeps what it is given, one write at a time, each taking `writeMs`. */
class SlowSink implements ResultsSink {
  readonly batches: ResultItem[][] = [];
  readonly aggregates = new Map<string, number>();
  aggregateWrites = 0;
  constructor(private readonly writeMs = 0) {}
  async putResultItems(items: readonly ResultItem[]): Promise<void> {
    await sleep(this.writeMs);
    this.batches.push([...items]);
  }
  async addAggregates(increment: AggregateIncrement): Promise<void> {
    // Read when the write is sent, as DynamoDB's client does: later additions are not in it.
    const values = [...increment.increments.entries()];
    await sleep(this.writeMs);
    for (const [name, by] of values) this.aggregates.set(name, (this.aggregates.get(name) ?? 0) + by);
    this.aggregateWrites++;
  }
}

function kit(limits: { maxItems: number; maxDelayMs: number }, sink = new SlowSink(), candidateMs = 0) {
  const lambda = new InMemoryLambda({
    'control-round': () => answer,
    'candidate-agrees': async () => {
      await sleep(candidateMs);
      return answer;
    },
    'scientist-dev-runner': () => undefined,
  });
  const experiments = experimentsOf(experimentsYaml({ agrees: 'candidate-agrees' }));
  const proxy = new ScientistProxy({
    definitions: { current: async () => ({ version: 1, experiments }) },
    invoker: lambda,
    runnerFunction: 'scientist-dev-runner',
  });
  const problems: string[] = [];
  const service = new RunnerService({
    runner: new ShadowRunner({ invoker: lambda }),
    recorder: new ResultRecorder({ sink }),
    invoker: lambda,
    runnerFunction: 'scientist-dev-runner',
    incidents: new Incidents((incident) => problems.push(incident.problem)),
    reports: { compared: () => undefined, notShadowed: () => undefined },
    flushLimits: limits,
  });
  const tasks = async (count: number) => {
    for (let i = 0; i < count; i++) await proxy.handle(restEvent('GET', 'round', { number: String(i) }));
    return lambda.drain() as ShadowTask[];
  };
  return { sink, service, tasks, problems, experiments };
}

describe('results written in batches across runner invocations', () => {
  test('are written once enough are pending, in one batch', async () => {
    const { sink, service, tasks } = kit({ maxItems: 3, maxDelayMs: 60_000 });
    const [first, second, third] = await tasks(3);
    await service.handle(first);
    await service.handle(second);
    expect(sink.batches).toEqual([]);
    await service.handle(third);
    expect(sink.batches.map((batch) => batch.length)).toEqual([3]);
    expect(sink.aggregates.get('agrees|samples')).toBe(3);
    expect(sink.aggregateWrites).toBe(1);
  });

  test('are written by a timer once the oldest has waited long enough, and at once on drain', async () => {
    const { sink, service, tasks } = kit({ maxItems: 25, maxDelayMs: 80 });
    const [first, second] = await tasks(2);
    await service.handle(first);
    expect(sink.batches).toEqual([]);
    await sleep(150);
    expect(sink.batches.map((batch) => batch.length)).toEqual([1]);
    await service.handle(second);
    expect(sink.batches).toHaveLength(1);
    await service.drain();
    expect(sink.batches.map((batch) => batch.length)).toEqual([1, 1]);
    expect(sink.aggregates.get('_control|samples')).toBe(2);
  });

  test('lose no count recorded while a write is in flight', async () => {
    // Every write takes 30 ms, every candidate 25: the timer's writes overlap the next records.
    const { sink, service, tasks, experiments } = kit({ maxItems: 25, maxDelayMs: 10 }, new SlowSink(30), 25);
    const all = await tasks(6);
    for (const task of all) await service.handle(task);
    await service.drain();
    expect(sink.batches.flat()).toHaveLength(6);
    const at = all[0]!.receivedAt;
    const values = new Map(sink.aggregates);
    const summary = summarize(experiments[0]!, [{ minute: minuteOf(at), values }], { from: '', to: '' });
    expect(summary.control.samples).toBe(6);
    expect(summary.candidates[0]).toMatchObject({ samples: 6, matches: 6 });
  });
});

describe("the proxy's hand-off counts after held hand-offs", () => {
  test('are written at most once per period, by a timer when requests stop, and at once on drain', async () => {
    const lambda = new InMemoryLambda({
      'control-round': () => answer,
      'candidate-agrees': () => answer,
      'scientist-dev-runner': () => undefined,
    });
    const experiments = experimentsOf(experimentsYaml({ agrees: 'candidate-agrees' }));
    const sink = new SlowSink();
    const held: Promise<unknown>[] = [];
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
      handOffs: new ResultRecorder({ sink }),
      afterAnswer: { active: true, hold: (work) => held.push(work) },
      heldFlushEveryMs: 300,
    });
    const request = async () => {
      await proxy.handle(restEvent('GET', 'round'));
      await Promise.all(held.splice(0));
    };
    await request();
    expect(sink.aggregates.get('_control|handedOff')).toBe(1);
    await request();
    await request();
    // Within the period: pending, then the timer writes them.
    expect(sink.aggregates.get('_control|handedOff')).toBe(1);
    await sleep(450);
    expect(sink.aggregates.get('_control|handedOff')).toBe(3);
    await request();
    expect(sink.aggregates.get('_control|handedOff')).toBe(3);
    await proxy.drain();
    expect(sink.aggregates.get('_control|handedOff')).toBe(4);
  });
});
