import { type CandidateOutcomeKind, createObservation } from '@serverless-scientist/core';
import { describe, expect, test } from 'vitest';
import { InMemoryStore, ResultRecorder, RolloutService } from '../src/index.js';
import type { RequestRecord } from '../src/results/request-record.js';

const file = (plan: string, candidates = '') => `experiments:
  rounding-float:
    path: round
    key: header:x-user-id
    control: { name: Round Node, arn: "arn:aws:lambda:eu-west-1:000000000000:function:control-round" }
    candidates:
      candidate-1: { name: Round Python, arn: "arn:aws:lambda:eu-west-1:000000000000:function:candidate-round-python" }${candidates}
    rollout: ${plan}
`;
const plan =
  '{ candidate: candidate-1, steps: [10, 50, 100], every: 5s, gates: { minSamples: 20, matchRate: 80, errorRate: 15 }, keepOldControl: 1m }';

/** A clock the test moves; both the recorder and the service read it. */
function testClock(start = Date.UTC(2026, 11, 1, 12)) {
  let now = start;
  return { now: () => now, monotonic: () => now, advance: (ms: number) => (now += ms) };
}

function setup(source = file(plan)) {
  const store = new InMemoryStore();
  const clock = testClock();
  const service = new RolloutService({ store, env: {}, clock });
  const recorder = new ResultRecorder({ sink: store, clock });
  let id = 0;
  /** `count` requests at the clock's time, the candidate answering as `outcome` says. */
  const requests = async (count: number, outcome: CandidateOutcomeKind) => {
    for (let i = 0; i < count; i++) {
      const control = createObservation({
        variantId: 'control',
        statusCode: 200,
        body: '3',
        durations: { clientMs: 4, functionMs: 2 },
      });
      const candidate = createObservation({
        variantId: 'candidate-1',
        ...(outcome === 'error'
          ? { error: { kind: 'error' as const, message: 'boom' } }
          : { statusCode: 200 }),
        body: outcome === 'mismatch' ? '2' : '3',
        durations: { clientMs: 4, functionMs: 2 },
      });
      const record: RequestRecord = {
        experiment: 'rounding-float',
        requestId: `r${++id}`,
        at: clock.now(),
        request: { method: 'GET', path: '/round', query: 'number=2.5', headers: {} },
        control,
        candidates: [{ observation: candidate, outcome }],
        curl: '',
        bodies: 'none',
        redactHeaders: [],
      };
      recorder.record(record);
    }
    await recorder.flush();
  };
  return { store, clock, service, requests, publish: () => store.publishDefinition(source, 'upload') };
}

describe('the rollout service', () => {
  test('walks its steps on the evidence of each step alone, then promotes in the stored definitions', async () => {
    const { store, clock, service, requests, publish } = setup();
    await publish();
    expect(await service.status('rounding-float')).toMatchObject({ state: 'pending', step: 0, percent: 0 });
    expect((await service.command('rounding-float', 'start')).percent).toBe(10);

    await requests(30, 'match');
    clock.advance(2_000);
    const early = await service.evaluate('rounding-float');
    expect(early).toMatchObject({ state: 'running', step: 1, percent: 10 });
    expect(early.evidence).toMatchObject({ compared: 30, matches: 30, requests: 30 });
    clock.advance(3_000);
    expect(await service.evaluate('rounding-float')).toMatchObject({ step: 2, percent: 50 });

    // The new step counts from its own start: until 20 more arrive it waits.
    clock.advance(6_000);
    await requests(5, 'match');
    const waiting = await service.evaluate('rounding-float');
    expect(waiting).toMatchObject({ step: 2, percent: 50 });
    expect(waiting.gates.find((gate) => gate.name === 'minSamples')).toMatchObject({
      status: 'wait',
      value: 5,
      bound: 20,
    });
    await requests(20, 'match');
    expect(await service.evaluate('rounding-float')).toMatchObject({ step: 3, percent: 100 });
    clock.advance(5_000);
    await requests(25, 'match');
    const promoted = await service.evaluate('rounding-float');
    expect(promoted).toMatchObject({ state: 'promoted', percent: 100, promotedVersion: 2 });
    expect(promoted.oldControl).toEqual({
      candidate: 'control-round',
      until: new Date(clock.now() + 60_000).toISOString(),
    });
    expect(promoted.history.map((entry) => [entry.from, entry.to, entry.state])).toEqual([
      [0, 10, 'running'],
      [10, 50, 'running'],
      [50, 100, 'running'],
      [100, 100, 'promoted'],
    ]);
    expect(promoted.history.at(-1)?.gates?.map((gate) => gate.status)).toEqual(['pass', 'pass', 'pass']);

    const current = await store.currentDefinition();
    expect(current?.origin).toBe('rollout rounding-float: promoted candidate-1');
    expect(current?.source).toContain('control: { name: Round Python');
    expect(current?.source).toContain('control-round: { name: Round Node');
    expect(current?.source).not.toContain('rollout:');
    // Promoted, the rollout stays on record; evaluating again changes nothing.
    expect(await service.evaluate('rounding-float')).toMatchObject({ state: 'promoted', promotedVersion: 2 });
    expect((await store.definitionHistory()).length).toBe(2);
  });

  test('rolls back the moment the match rate fails conclusively, naming the gate and its figures', async () => {
    const { clock, service, requests, publish } = setup();
    await publish();
    await service.command('rounding-float', 'start');
    await requests(12, 'mismatch');
    clock.advance(500);
    const status = await service.evaluate('rounding-float');
    expect(status).toMatchObject({ state: 'rolled-back', percent: 0 });
    expect(status.history.at(-1)?.reason).toMatch(/^rolled back: match rate 0\.0% \[0\.0–24\.2%\] below 80%/);
    expect(status.gates.find((gate) => gate.name === 'matchRate')).toMatchObject({
      status: 'fail',
      value: 0,
      bound: 80,
    });
  });

  test('two evaluators at once take a step once', async () => {
    const { store, clock, requests, publish } = setup();
    await publish();
    const [a, b] = [0, 1].map(() => new RolloutService({ store, env: {}, clock }));
    await a!.command('rounding-float', 'start');
    await requests(25, 'match');
    clock.advance(5_000);
    const both = await Promise.all([a!.evaluate('rounding-float'), b!.evaluate('rounding-float')]);
    expect(both.map((status) => status.step)).toEqual([2, 2]);
    const stored = await store.rollout('rounding-float');
    expect(stored?.state.history.map((entry) => entry.to)).toEqual([10, 50]);
  });

  test('an upload that changes the plan restarts the rollout, and the history says so', async () => {
    const { store, service, publish } = setup();
    await publish();
    await service.command('rounding-float', 'start');
    await store.publishDefinition(file(plan.replace('[10, 50, 100]', '[25, 100]')), 'upload');
    const restarted = await service.status('rounding-float');
    expect(restarted).toMatchObject({ state: 'pending', step: 0, percent: 0, plan: { steps: [25, 100] } });
    expect(restarted.history.at(-1)?.reason).toBe(
      "stored version 2 changes the rollout's plan: it starts again from pending",
    );
  });

  test('an upload that takes the plan away ends a running rollout, and the history says why', async () => {
    const { store, service, publish } = setup();
    await publish();
    await service.command('rounding-float', 'start');
    await store.publishDefinition(file(plan).replace(/ {4}rollout: .*\n/, ''), 'upload');
    const ended = await service.status('rounding-float');
    expect(ended).toMatchObject({ state: 'aborted', percent: 0 });
    expect(ended.history.at(-1)).toMatchObject({
      from: 10,
      to: 0,
      state: 'aborted',
      reason: 'aborted: stored version 2 has no rollout plan, so the control serves everyone',
    });
  });

  test('commands that do not apply, and experiments without a plan, are refused with what to do', async () => {
    const { store, service, publish } = setup();
    await expect(service.status('rounding-float')).rejects.toThrow(
      /no experiment definitions are stored yet/,
    );
    await publish();
    await expect(service.command('rounding-float', 'pause')).rejects.toThrow(
      /cannot pause a rollout that is pending/,
    );
    await expect(service.status('sorting')).rejects.toThrow(/no experiment 'sorting' in stored version 1/);
    await store.publishDefinition(file(plan).replace(/ {4}rollout: .*\n/, ''), 'upload');
    await expect(service.command('rounding-float', 'start')).rejects.toThrow(
      /has no rollout plan in stored version 2/,
    );
  });
});
