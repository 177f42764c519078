import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createObservation } from '@serverless-scientist/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ShadowTask, StoreRetryTask } from '../src/index.js';
import { DefinitionCache } from '../src/proxy/definition-cache.js';
import { ScientistProxy } from '../src/proxy/scientist-proxy.js';
import { summarize } from '../src/results/experiment-summary.js';
import { minuteOf } from '../src/results/request-record.js';
import { ResultRecorder } from '../src/results/result-recorder.js';
import { ResultsQuery } from '../src/results/results-query.js';
import { SHARED_HOST_SCHEDULE, separateHostsSchedule } from '../src/runner/candidate-schedule.js';
import { scientistUrlFor } from '../src/runner/replay-command.js';
import { ShadowRunner } from '../src/runner/shadow-runner.js';
import { handOffPending, retryDelayMs } from '../src/runner/store-retry.js';
import { startDynamoDb, type TestDynamoDb, testCredentials } from './support/dynalite.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { httpApiEvent, restEvent } from './support/gateway-events.js';
import { InMemoryLambda } from './support/in-memory-lambda.js';

const answer = (number: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/plain', 'set-cookie': 'session=secret' },
  body: String(Math.round(Number(number))),
});
const numberOf = (event: Record<string, unknown>) =>
  (event.queryStringParameters as Record<string, string> | null)?.number ?? '0';

const yaml = experimentsYaml(
  {
    agrees: 'candidate-agrees',
    differs: 'candidate-differs',
    hangs: 'candidate-hangs',
    crashes: 'candidate-crashes',
  },
  '    record: {bodies: mismatches}',
).replace('        name: candidate-hangs', '        name: candidate-hangs\n        timeout: 200ms');

/** The scientist's URL on the local cloud's default port, which replay curls start with. */
const localScientistUrl = (event: Readonly<Record<string, unknown>>) =>
  scientistUrlFor(event, { localGatewayUrl: 'http://127.0.0.1:3000', service: 'scientist', stage: 'dev' });

describe('the runner, recorder and summary', () => {
  let dynamo: TestDynamoDb;
  let lambda: InMemoryLambda;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    lambda = new InMemoryLambda({
      'control-round': (event) => answer(numberOf(event)),
      'candidate-agrees': (event) => {
        seen.push(event);
        return answer(numberOf(event));
      },
      // Banker's rounding: differs on halves.
      'candidate-differs': (event) => {
        const n = Number(numberOf(event));
        const rounded = Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : Math.round(n);
        return { ...answer(numberOf(event)), body: String(rounded) };
      },
      'candidate-hangs': () => new Promise(() => undefined),
      'candidate-crashes': () => {
        throw new Error('candidate crashed');
      },
      'scientist-dev-runner': () => undefined,
    });
  });
  afterAll(async () => dynamo?.stop());

  test('runs each sampled candidate once per request, records and summarizes', async () => {
    const experiments = experimentsOf(yaml);
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
    });
    const runner = new ShadowRunner({
      invoker: lambda,
      schedule: separateHostsSchedule(4),
      scientistUrl: localScientistUrl,
    });
    const recorder = new ResultRecorder({ sink: dynamo.store });
    const numbers = ['1.5', '2.5', '3.2', '4.7', '5.5', '6', '7.5', '8.25'];
    for (const number of numbers) await proxy.handle(restEvent('GET', 'round', { number }));
    // The client path never waits on candidates: it does not even invoke them (the runner does).
    expect(lambda.countOf('candidate-hangs')).toBe(0);
    expect(lambda.countOf('candidate-agrees')).toBe(0);

    const tasks = lambda.drain() as ShadowTask[];
    expect(tasks).toHaveLength(numbers.length);
    await Promise.all(
      tasks.map(async (task) => recorder.record(await runner.run(JSON.parse(JSON.stringify(task))))),
    );
    expect(await recorder.flush()).toMatchObject({ pendingItems: 0, droppedItems: 0 });
    for (const name of ['candidate-agrees', 'candidate-differs', 'candidate-hangs', 'candidate-crashes']) {
      expect(lambda.countOf(name), name).toBe(numbers.length);
    }
    expect(seen[0]?.headers).toMatchObject({ 'x-scientist-shadow': '1' });
    expect(seen[0]?.multiValueHeaders).toMatchObject({ 'x-scientist-shadow': ['1'] });
    expect(seen[0]?.requestContext).toMatchObject({
      scientist: { shadow: true, experiment: 'rounding-float', requestId: tasks[0]?.requestId },
    });

    const now = Date.now();
    const window = { from: minuteOf(now - 3_600_000), to: minuteOf(now + 60_000) };
    const rows = await dynamo.store.aggregates('rounding-float', window.from, window.to);
    const summary = summarize(experiments[0]!, rows, window);
    expect(summary.control).toMatchObject({ samples: 8, errors: 0 });
    const byId = Object.fromEntries(summary.candidates.map((c) => [c.id, c]));
    expect(byId.agrees).toMatchObject({
      samples: 8,
      matches: 8,
      mismatches: 0,
      errors: 0,
      timeouts: 0,
      matchRate: 1,
    });
    // 2.5 → 2 differs from Math.round's 3; so do 6.5-like halves going down: 2.5 only among these.
    expect(byId.differs).toMatchObject({ samples: 8, matches: 7, mismatches: 1, errors: 0 });
    expect(byId.hangs).toMatchObject({ samples: 8, timeouts: 8, matches: 0, matchRate: null });
    expect(byId.crashes).toMatchObject({ samples: 8, errors: 8 });
    expect(byId.agrees?.coldStarts).toBe(1);
    expect(byId.agrees?.latencyMs.p50).toBeGreaterThan(0);
    expect(byId.agrees?.verdict.kind).toBe('inconclusive');
    // From the REPORT lines: 60 MB used, billed whole milliseconds.
    expect(byId.agrees?.maxMemoryUsedMb.p50).toBeCloseTo(60, -1);
    expect(byId.agrees?.meanBilledMs).toBeGreaterThanOrEqual(1);

    const [mismatch] = (await dynamo.store.recentResults('mismatch', 'rounding-float', 10)) as {
      candidate: string;
      diff: string;
      curl: string;
      observation: { body: string };
    }[];
    expect(mismatch?.candidate).toBe('differs');
    expect(mismatch?.diff).toContain('body');
    expect(mismatch?.observation.body).toBe('2');
    expect((mismatch as unknown as { control: { headers: Record<string, string> } }).control.headers).toEqual(
      {
        'content-type': 'text/plain',
        'set-cookie': '(redacted)',
      },
    );
    expect(mismatch?.curl).toBe("curl -sS -X GET 'http://127.0.0.1:3000/scientist/dev/round?number=2.5'");
  });

  test('stores a request and its replay curl with secret query parameters redacted, never their values', async () => {
    const experiments = experimentsOf(
      experimentsYaml({ differs: 'candidate-differs' }, '    record: {bodies: mismatches}').replace(
        'rounding-float',
        'redacting-query',
      ),
    );
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
    });
    const runner = new ShadowRunner({
      invoker: lambda,
      scientistUrl: localScientistUrl,
    });
    const recorder = new ResultRecorder({ sink: dynamo.store });
    lambda.drain();
    // `token` and `password` are in the default list (packages/core's DEFAULT_REDACTED_QUERY).
    await proxy.handle(restEvent('GET', 'round', { token: 'secret1', password: 'secret2', number: '2.5' }));
    for (const task of lambda.drain() as ShadowTask[])
      recorder.record(await runner.run(JSON.parse(JSON.stringify(task))));
    expect(await recorder.flush()).toMatchObject({ pendingItems: 0, droppedItems: 0 });

    const query = 'token=(redacted)&password=(redacted)&number=2.5';
    const [request] = (await dynamo.store.recentResults('request', 'redacting-query', 10)) as {
      request: { query: string };
    }[];
    expect(request?.request.query).toBe(query);
    const [mismatch] = (await dynamo.store.recentResults('mismatch', 'redacting-query', 10)) as {
      request: { query: string };
      curl: string;
    }[];
    expect(mismatch?.request.query).toBe(query);
    expect(mismatch?.curl).toBe(`curl -sS -X GET 'http://127.0.0.1:3000/scientist/dev/round?${query}'`);
    // Nowhere in the table, in any attribute of any item.
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-1',
      credentials: testCredentials,
    });
    try {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: dynamo.store.tableName }));
      const stored = JSON.stringify(Items.filter((item) => item.pk?.S?.endsWith('#redacting-query')));
      expect(stored).toContain('(redacted)');
      expect(stored).not.toMatch(/secret1|secret2/);
    } finally {
      client.destroy();
    }
  });

  test('the noise check runs the control again; its fields are noise, and mismatches only in them are counted as such', async () => {
    const experiments = experimentsOf(
      experimentsYaml({ copy: 'candidate-copy', wrong: 'candidate-wrong' }, '    noise: 100').replace(
        'rounding-float',
        'noisy',
      ),
    );
    let clock = 0;
    // Every answer carries a fresh stamp, as a timestamp or a random id would.
    const stamped = (value: (n: number) => number) => (event: Record<string, unknown>) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ at: ++clock, value: value(Number(numberOf(event))) }),
    });
    const noisy = new InMemoryLambda({
      'control-round': stamped(Math.round),
      'candidate-copy': stamped(Math.round),
      'candidate-wrong': stamped((n) => Math.round(n) + 1),
      'scientist-dev-runner': () => undefined,
    });
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: noisy,
      runnerFunction: 'scientist-dev-runner',
    });
    const runner = new ShadowRunner({ invoker: noisy, schedule: SHARED_HOST_SCHEDULE });
    const recorder = new ResultRecorder({ sink: dynamo.store });
    for (const number of ['1.5', '2.5', '3.2', '4.7', '5.5', '6'])
      await proxy.handle(restEvent('GET', 'round', { number }));
    for (const task of noisy.drain() as ShadowTask[]) {
      expect(task.noise).toBe(true);
      const record = await runner.run(task);
      expect(record.noise?.observation.variantId).toBe('_noise');
      recorder.record(record);
    }
    expect(await recorder.flush()).toMatchObject({ pendingItems: 0 });
    // Twice per request: once for the client, once for the noise check.
    expect(noisy.countOf('control-round')).toBe(12);
    // A POST is never run twice: noise defaults to the safe methods.
    await proxy.handle(restEvent('POST', 'round', { number: '1' }));
    expect((noisy.drain() as ShadowTask[])[0]?.noise).toBeUndefined();

    const now = Date.now();
    const window = { from: minuteOf(now - 3_600_000), to: minuteOf(now + 60_000) };
    const summary = summarize(
      experiments[0]!,
      await dynamo.store.aggregates('noisy', window.from, window.to),
      window,
    );
    expect(summary.noise).toMatchObject({
      percent: 100,
      samples: 6,
      matches: 0,
      mismatches: 6,
      noiseRate: 1,
      fields: [{ field: 'body:/at', count: 6 }],
    });
    expect(summary.noise?.verdict.kind).toBe('inconclusive');
    const byId = Object.fromEntries(summary.candidates.map((c) => [c.id, c]));
    expect(byId.copy).toMatchObject({ mismatches: 6, noisyMismatches: 6, matchRate: 1 });
    expect(byId.wrong).toMatchObject({ mismatches: 6, noisyMismatches: 0, matchRate: 0 });
  });

  test("the noise check's interval is the candidates' noise floor: no winner inside it", async () => {
    const experiments = experimentsOf(
      experimentsYaml({ copy: 'candidate-copy', fast: 'candidate-fast' }, '    noise: 100').replace(
        'rounding-float',
        'floored',
      ),
    );
    // Reported durations, as the REPORT line gives them: the control takes 10 ms on the client's
    // path and 8 ms where the candidates run (the machine's part of any ratio there).
    let controlMs = 10;
    const reported: Record<string, () => number> = {
      'control-round': () => controlMs,
      'candidate-copy': () => 8.5,
      'candidate-fast': () => 4,
    };
    const answer = () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
    const lambda = new InMemoryLambda(
      {
        'control-round': answer,
        'candidate-copy': answer,
        'candidate-fast': answer,
        'scientist-dev-runner': () => undefined,
      },
      (name) => reported[name]?.(),
    );
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
    });
    const runner = new ShadowRunner({ invoker: lambda, schedule: SHARED_HOST_SCHEDULE });
    const recorder = new ResultRecorder({ sink: dynamo.store });
    for (let n = 0; n < 30; n++) await proxy.handle(restEvent('GET', 'round', { number: String(n) }));
    controlMs = 8;
    for (const task of lambda.drain() as ShadowTask[]) recorder.record(await runner.run(task));
    expect(await recorder.flush()).toMatchObject({ pendingItems: 0 });

    const now = Date.now();
    const window = { from: minuteOf(now - 3_600_000), to: minuteOf(now + 60_000) };
    const summary = summarize(
      experiments[0]!,
      await dynamo.store.aggregates('floored', window.from, window.to),
      window,
    );
    expect(summary.noise?.verdict.medianRatio).toBeCloseTo(0.8, 1);
    const byId = Object.fromEntries(summary.candidates.map((c) => [c.id, c.verdict]));
    // 0.85 of the control is faster by the ratio alone, but not faster than the control itself there.
    expect(byId.copy).toMatchObject({ kind: 'inconclusive', medianRatio: expect.closeTo(0.85, 1) });
    expect(byId.copy?.summary).toMatch(/within the noise floor/);
    expect(byId.fast?.kind).toBe('faster');
  });

  test('on a shared host runs one candidate at a time, in a shuffled order, recorded in the experiment order', async () => {
    const ids = ['one', 'two', 'three', 'four'];
    const experiments = experimentsOf(
      experimentsYaml(Object.fromEntries(ids.map((id) => [id, `candidate-${id}`]))).replace(
        'rounding-float',
        'shared',
      ),
    );
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const slowly = (name: string) => async (event: Record<string, unknown>) => {
      started.push(name);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return answer(numberOf(event));
    };
    const shared = new InMemoryLambda({
      'control-round': (event) => answer(numberOf(event)),
      ...Object.fromEntries(ids.map((id) => [`candidate-${id}`, slowly(id)])),
      'scientist-dev-runner': () => undefined,
    });
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: shared,
      runnerFunction: 'scientist-dev-runner',
    });
    // A seeded generator: the test sees the same shuffles every time.
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const runner = new ShadowRunner({ invoker: shared, schedule: SHARED_HOST_SCHEDULE, random });
    const orders = new Set<string>();
    for (const number of ['1.5', '2.5', '3.5', '4.5', '5.5', '6.5']) {
      await proxy.handle(restEvent('GET', 'round', { number }));
      const [task] = shared.drain() as ShadowTask[];
      started.length = 0;
      const record = await runner.run(task!);
      orders.add(started.join(','));
      expect(record.candidates.map((run) => run.observation.variantId)).toEqual(ids);
      expect(record.candidates.every((run) => run.outcome === 'match')).toBe(true);
    }
    expect(most).toBe(1);
    expect(orders.size).toBeGreaterThan(1);
  });

  test('keeps results while the store is down, writes them when it is back, counts what it had to drop', async () => {
    const experiments = experimentsOf(
      experimentsYaml({ agrees: 'candidate-agrees' }).replace('rounding-float', 'outage'),
    );
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
    });
    const runner = new ShadowRunner({ invoker: lambda });
    const recorder = new ResultRecorder({
      sink: dynamo.store,
      maxPendingItems: 3,
      attempts: 2,
      backoffMs: 5,
    });
    await dynamo.goDown();
    try {
      for (const number of ['1', '2', '3', '4', '5']) {
        expect(await proxy.handle(restEvent('GET', 'round', { number }))).toEqual(answer(number));
      }
      for (const task of lambda.drain() as ShadowTask[]) recorder.record(await runner.run(task));
      const report = await recorder.flush();
      expect(report).toMatchObject({ itemsWritten: 0, pendingItems: 3, droppedItems: 2 });
      expect(report.error?.message).toMatch(
        /could not .* in DynamoDB table scientist-test: connect ECONNREFUSED/,
      );
    } finally {
      await dynamo.comeBack();
    }
    expect(await recorder.flush()).toMatchObject({ itemsWritten: 3, pendingItems: 0, droppedItems: 0 });
    const now = Date.now();
    const window = { from: minuteOf(now - 3_600_000), to: minuteOf(now + 60_000) };
    const summary = summarize(
      experiments[0]!,
      await dynamo.store.aggregates('outage', window.from, window.to),
      window,
    );
    expect(summary.control).toMatchObject({ samples: 5, dropped: 2 });
    expect(summary.candidates[0]).toMatchObject({ samples: 5, matches: 5, dropped: 2 });
  });

  test('publishes definitions as versions; the proxy picks up an upload and ignores a broken one', async () => {
    const { storeDefinitionLoader } = await import('../src/definition-source.js');
    const env = { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '000000000000' };
    const first = await dynamo.store.publishDefinition(
      experimentsYaml({ agrees: 'candidate-agrees' }),
      'upload',
    );
    let now = 0;
    const cache = new DefinitionCache(storeDefinitionLoader(dynamo.store, env), {
      clock: { now: () => now, monotonic: () => now },
      maxAgeMs: 1000,
    });
    expect(await cache.current()).toMatchObject({ version: first.version });
    const broken = await dynamo.store.publishDefinition('experiments:\n  x: {path: 3', 'upload');
    now = 1500;
    await cache.current();
    await expect.poll(() => cache.problem?.message, { timeout: 2000 }).toMatch(/not valid/);
    expect((await cache.current()).version).toBe(first.version);
    const fixed = await dynamo.store.publishDefinition(
      experimentsYaml({ differs: 'candidate-differs' }),
      'upload',
    );
    expect(fixed.version).toBe(broken.version + 1);
    now = 3000;
    await cache.current();
    await expect.poll(async () => (await cache.current()).version, { timeout: 2000 }).toBe(fixed.version);
    expect((await dynamo.store.definitionHistory()).map((d) => d.version)).toEqual([3, 2, 1]);
  });
  test('every handed-off request ends recorded or skipped; the rest is in flight, then lost once its minute settles', async () => {
    // An experiment of its own: the table holds the other tests' results too.
    const experiments = experimentsOf(yaml.replace('rounding-float:', 'handoffs:'));
    const recorder = new ResultRecorder({ sink: dynamo.store });
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
      handOffs: recorder,
      flushEveryMs: 0,
    });
    const runner = new ShadowRunner({ invoker: lambda, schedule: separateHostsSchedule(4) });
    lambda.drain();
    for (let n = 0; n < 5; n++) await proxy.handle(restEvent('GET', 'round', { number: `${n}.2` }));
    const tasks = lambda.drain() as ShadowTask[];
    // Three runs finish; two runners die with their tasks.
    for (const task of tasks.slice(0, 3)) recorder.record(await runner.run(JSON.parse(JSON.stringify(task))));
    expect(await recorder.flush()).toMatchObject({ pendingItems: 0 });
    const at = tasks[0]!.receivedAt;
    const rows = await dynamo.store.aggregates('handoffs', minuteOf(at - 60_000), minuteOf(at + 60_000));
    const recent = summarize(experiments[0]!, rows, { from: minuteOf(at - 60_000), to: minuteOf(at) });
    expect(recent.control).toMatchObject({ handedOff: 5, samples: 3, inFlight: 2, lost: 0 });
    const later = summarize(experiments[0]!, rows, {
      from: minuteOf(at - 60_000),
      to: minuteOf(at + 180_000),
    });
    expect(later.control).toMatchObject({ handedOff: 5, samples: 3, inFlight: 0, lost: 2 });
  });
});

describe('results the store could not take', () => {
  test('travel to a later runner invocation and land once the store is back', async () => {
    const dynamo = await startDynamoDb('retry-test');
    try {
      const lambda = new InMemoryLambda({
        'control-round': (event) => answer(numberOf(event)),
        'candidate-agrees': (event) => answer(numberOf(event)),
        'scientist-dev-runner': () => undefined,
      });
      const experiments = experimentsOf(experimentsYaml({ agrees: 'candidate-agrees' }));
      const proxy = new ScientistProxy({
        definitions: { current: async () => ({ version: 1, experiments }) },
        invoker: lambda,
        runnerFunction: 'scientist-dev-runner',
      });
      const runner = new ShadowRunner({ invoker: lambda });
      const failing = new ResultRecorder({ sink: dynamo.store, attempts: 1 });
      await proxy.handle(restEvent('GET', 'round', { number: '2' }));
      await dynamo.goDown();
      for (const task of lambda.drain() as ShadowTask[]) failing.record(await runner.run(task));
      expect((await failing.flush()).error).toBeDefined();
      const handOff = await handOffPending(failing, lambda, 'scientist-dev-runner', undefined, Date.now());
      expect(handOff).toEqual({ kind: 'handed-off', attempt: 1, droppedItems: 0 });
      expect(failing.hasPending).toBe(false);
      await dynamo.comeBack();

      const [retry] = lambda.drain() as StoreRetryTask[];
      expect(retry).toMatchObject({ kind: 'store-retry', attempt: 1 });
      const later = new ResultRecorder({ sink: dynamo.store });
      later.restore(JSON.parse(JSON.stringify(retry!.pending)));
      expect(await later.flush()).toMatchObject({ itemsWritten: 1, aggregatesWritten: 1, pendingItems: 0 });
      const now = Date.now();
      const rows = await dynamo.store.aggregates(
        'rounding-float',
        minuteOf(now - 60_000),
        minuteOf(now + 60_000),
      );
      const window = { from: '', to: '' };
      expect(summarize(experiments[0]!, rows, window).candidates[0]).toMatchObject({
        samples: 1,
        matches: 1,
      });
    } finally {
      await dynamo.stop();
    }
  });

  test('waits longer each time, and gives up items after six tries as dropped counts', async () => {
    expect([1, 2, 3, 8, 20].map(retryDelayMs)).toEqual([250, 500, 1000, 30_000, 30_000]);
    const recorder = new ResultRecorder({
      sink: { putResultItems: async () => undefined, addAggregates: async () => undefined },
    });
    const lambda = new InMemoryLambda({ 'scientist-dev-runner': () => undefined });
    const experiments = experimentsOf(experimentsYaml({ agrees: 'candidate-agrees' }));
    recorder.record({
      experiment: 'rounding-float',
      requestId: 'r1',
      at: Date.now(),
      request: { method: 'GET', path: 'round', query: '', headers: {} },
      control: createObservation({ variantId: 'control', statusCode: 200, body: '1' }),
      candidates: [
        {
          observation: createObservation({ variantId: 'agrees', statusCode: 200, body: '1' }),
          outcome: 'match',
        },
      ],
      curl: 'curl',
      bodies: experiments[0]!.record.bodies,
      redactHeaders: experiments[0]!.record.redactHeaders,
    });
    const handOff = await handOffPending(
      recorder,
      lambda,
      'scientist-dev-runner',
      { attempt: 6, since: Date.now() },
      Date.now(),
    );
    expect(handOff).toEqual({ kind: 'handed-off', attempt: 7, droppedItems: 1 });
    const [retry] = lambda.drain() as StoreRetryTask[];
    expect(retry?.pending.items).toEqual([]);
    expect(Object.fromEntries(retry?.pending.increments[0]?.values ?? [])).toMatchObject({
      '_control|dropped': 1,
      'agrees|dropped': 1,
      'agrees|samples': 1,
    });
  });
});

describe('candidate failures are data', () => {
  test('throttling, garbage and a payload Lambda refuses count as errors; the HTTP API event is marked too', async () => {
    const lambda = new InMemoryLambda({
      'control-round': () => answer('1'),
      'candidate-garbage': () => ({ statusCode: 'teapot', body: 1 }),
      'candidate-marked': (event) => ({ ...answer('1'), body: JSON.stringify(event.headers) }),
      'scientist-dev-runner': () => undefined,
    });
    // Lambda answers 429 for the throttled candidate and 413-like for the oversized one.
    const invoker = {
      invoke: async (request: Parameters<InMemoryLambda['invoke']>[0]) => {
        if (request.functionName.endsWith(':candidate-throttled')) {
          return { kind: 'failed', failure: 'throttled', message: 'Rate Exceeded.' } as const;
        }
        if (request.functionName.endsWith(':candidate-huge')) {
          return {
            kind: 'returned',
            functionError: 'Unhandled',
            payload: Buffer.from(
              '{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."}',
            ),
          } as const;
        }
        return lambda.invoke(request);
      },
    };
    const experiments = experimentsOf(
      experimentsYaml({
        throttled: 'candidate-throttled',
        garbage: 'candidate-garbage',
        huge: 'candidate-huge',
        marked: 'candidate-marked',
      }),
    );
    const proxy = new ScientistProxy({
      definitions: { current: async () => ({ version: 1, experiments }) },
      invoker,
      runnerFunction: 'scientist-dev-runner',
    });
    await proxy.handle(httpApiEvent('GET', 'round', 'number=1'));
    const [task] = lambda.drain() as ShadowTask[];
    const record = await new ShadowRunner({ invoker }).run(task!);
    const outcomes = Object.fromEntries(
      record.candidates.map((run) => [run.observation.variantId, [run.outcome, run.observation.error?.kind]]),
    );
    expect(outcomes).toEqual({
      throttled: ['error', 'throttled'],
      garbage: ['error', 'error'],
      huge: ['error', 'payload-too-large'],
      marked: ['mismatch', undefined],
    });
    const marked = record.candidates.find((run) => run.observation.variantId === 'marked');
    expect(JSON.parse(marked?.observation.body ?? '{}')).toMatchObject({ 'x-scientist-shadow': '1' });
  });
});

describe('the verdict', () => {
  test('calls a candidate that takes half the time faster, from the stored ratio histogram', async () => {
    const dynamo = await startDynamoDb('verdict-test');
    try {
      const lambda = new InMemoryLambda({
        'control-round': async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 8));
          return answer(numberOf(event));
        },
        'candidate-quick': async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return answer(numberOf(event));
        },
        'scientist-dev-runner': () => undefined,
      });
      const experiments = experimentsOf(experimentsYaml({ quick: 'candidate-quick' }));
      const proxy = new ScientistProxy({
        definitions: { current: async () => ({ version: 1, experiments }) },
        invoker: lambda,
        runnerFunction: 'scientist-dev-runner',
      });
      const runner = new ShadowRunner({ invoker: lambda });
      const recorder = new ResultRecorder({ sink: dynamo.store });
      for (let n = 0; n < 30; n++) await proxy.handle(restEvent('GET', 'round', { number: String(n) }));
      for (const task of lambda.drain() as ShadowTask[]) recorder.record(await runner.run(task));
      expect((await recorder.flush()).error).toBeUndefined();
      const summary = await new ResultsQuery(dynamo.store).summary(experiments[0]!, 5);
      expect(summary.candidates[0]?.verdict).toMatchObject({ kind: 'faster', samples: 30 });
      expect(summary.candidates[0]?.verdict.medianRatio).toBeLessThan(0.8);
    } finally {
      await dynamo.stop();
    }
  });
});
