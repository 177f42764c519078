import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RolloutService, type RolloutStatus } from '../src/index.js';
import type { ExperimentSummary } from '../src/results/experiment-summary.js';
import { testEnv } from './support/experiments.js';
import { clientView, type LocalScientist, startLocalScientist } from './support/local-scientist.js';

const roundDir = path.resolve(import.meta.dirname, '../../../functions/round');
const arn = (name: string) => `"arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${name}"`;

// Steps of seconds, evaluated when the runner asks: the schedule's minute would be too slow here.
const rollouts = `
  walks:
    path: fixture
    comparators: [body, statuscode, { headers: [content-type] }]
    key: header:x-user-id
    control: { name: Fixture control, arn: ${arn('control-fixture')} }
    candidates:
      agrees: { name: Agrees, arn: ${arn('candidate-fixture-agrees')} }
    rollout:
      candidate: agrees
      steps: [50, 100]
      every: 2s
      gates: { minSamples: 15, matchRate: 75, errorRate: 25 }
      keepOldControl: 1h
  rolls-back:
    path: round
    comparators: [body, statuscode]
    key: header:x-user-id
    control: { name: Round Node, arn: ${arn('control-round')} }
    candidates:
      python3-round: { name: Round Python (round()), arn: ${arn('candidate-round-python3-round')} }
    rollout:
      candidate: python3-round
      steps: [10, 100]
      every: 2s
      gates: { minSamples: 20, matchRate: 99 }
`;

describe('staged rollouts on the local cloud', () => {
  let local: LocalScientist;
  let rollout: RolloutService;

  beforeAll(async () => {
    local = await startLocalScientist();
    await local.cloud.deploy(path.join(roundDir, 'control-node'));
    await local.cloud.deploy(path.join(roundDir, 'candidate-python3-round'));
    await local.publishFixtures(() => `experiments:${rollouts}`);
    rollout = new RolloutService({ store: local.store, env: testEnv });
    const deadline = performance.now() + 10_000;
    while ((await clientView(`${local.scientistUrl}/round?number=1`)).status !== 200) {
      if (performance.now() > deadline) throw new Error('the rollout experiments were not taken up');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);
  afterAll(async () => local?.stop(), 30_000);

  async function api<T>(route: string): Promise<T> {
    const response = await fetch(`${local.scientistUrl}/_scientist/api/experiments/${route}`);
    expect(response.status, route).toBe(200);
    return (await response.json()) as T;
  }

  /** Sequential clients with their own user ids, until `done` says so or the time is up. */
  async function trafficUntil(url: string, done: () => Promise<boolean>, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    let sent = 0;
    while (performance.now() < deadline) {
      for (let burst = 0; burst < 10; burst++) {
        const view = await clientView(url, { headers: { 'x-user-id': `user-${sent++}` } });
        expect(view.status).toBe(200);
      }
      if (await done()) return sent;
    }
    throw new Error(`not done after ${sent} requests in ${timeoutMs} ms`);
  }

  test('a matching candidate walks its steps to promoted: the control replaced, the old control shadowing', async () => {
    expect(await api<RolloutStatus>('walks/rollout')).toMatchObject({
      state: 'pending',
      step: 0,
      percent: 0,
    });
    expect(await rollout.command('walks', 'start')).toMatchObject({ state: 'running', step: 1, percent: 50 });

    // The first step serves about half of the users; the runner's requests for evaluation walk on.
    let servedAtHalf = 0;
    await trafficUntil(
      `${local.scientistUrl}/fixture?n=2`,
      async () => {
        const agrees = (await api<ExperimentSummary>('walks')).candidates.find(
          (entry) => entry.id === 'agrees',
        );
        servedAtHalf = Math.max(servedAtHalf, agrees?.served ?? 0);
        // Promoted, then published: the promotion's version and the old control's time follow.
        const status = await rollout.status('walks');
        return status.state === 'promoted' && status.promotedVersion !== undefined;
      },
      60_000,
    );
    const promoted = await rollout.status('walks');
    expect(servedAtHalf).toBeGreaterThan(0);
    expect(promoted.history.map((entry) => [entry.from, entry.to, entry.state])).toEqual([
      [0, 50, 'running'],
      [50, 100, 'running'],
      [100, 100, 'promoted'],
    ]);
    expect(promoted.history.at(-1)?.reason).toMatch(
      /^promoted: \d+ samples \(15 needed\); match rate 100\.0% \[/,
    );
    expect(promoted.oldControl?.candidate).toBe('control-fixture');

    const stored = await local.store.currentDefinition();
    expect(stored?.origin).toBe('rollout walks: promoted agrees');
    // The proxy takes up the promoted version; the old control then runs as a shadow candidate.
    await expect
      .poll(
        async () => {
          await clientView(`${local.scientistUrl}/fixture?n=2`, { headers: { 'x-user-id': 'after' } });
          const experiment = (
            await api<{ experiments: { id: string; control: { functionName: string } }[] }>('')
          ).experiments;
          return experiment.find((entry) => entry.id === 'walks')?.control.functionName;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe('candidate-fixture-agrees');
    await expect
      .poll(
        async () => {
          await clientView(`${local.scientistUrl}/fixture?n=2`, { headers: { 'x-user-id': 'after' } });
          const summary = await api<ExperimentSummary>('walks?minutes=1');
          return summary.candidates.find((candidate) => candidate.id === 'control-fixture')?.samples ?? 0;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(0);
  }, 150_000);

  test('a rollout of candidate-round-python3-round rolls back on its match rate, the reason in the history', async () => {
    await rollout.command('rolls-back', 'start');
    await trafficUntil(
      `${local.scientistUrl}/round?number=2.5`,
      async () => (await rollout.status('rolls-back')).state !== 'running',
      60_000,
    );
    const status = await api<RolloutStatus>('rolls-back/rollout');
    expect(status).toMatchObject({ state: 'rolled-back', step: 1, percent: 0 });
    expect(status.history.at(-1)?.reason).toMatch(
      /^rolled back: match rate \d+\.\d% \[[\d.]+–[\d.]+%\] below 99%/,
    );
    expect(status.gates.find((gate) => gate.name === 'matchRate')?.status).toBe('fail');
    // The results say so too, beside the evidence.
    expect((await api<ExperimentSummary>('rolls-back')).rollout).toMatchObject({
      candidate: 'python3-round',
      state: 'rolled-back',
      step: 1,
      steps: [10, 100],
      percent: 0,
      lastChange: { reason: status.history.at(-1)?.reason },
    });

    // Rolled back, no user is served by the candidate any more: every answer is the control's.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = (await api<ExperimentSummary>('rolls-back')).candidates[0]?.served ?? 0;
    for (let user = 0; user < 40; user++) {
      const view = await clientView(`${local.scientistUrl}/round?number=2.5`, {
        headers: { 'x-user-id': `late-${user}` },
      });
      expect(JSON.parse(Buffer.from(view.body, 'base64').toString())).toBe(3);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await api<ExperimentSummary>('rolls-back')).candidates[0]?.served ?? 0).toBe(before);
  }, 120_000);

  test('evaluators racing against the real table never take a step twice', async () => {
    const source = (await local.store.currentDefinition())!.source;
    await local.store.publishDefinition(
      source
        .replace(/steps: \[\s*10, 100\s*\]/, 'steps: [20, 60, 100]')
        .replace('matchRate: 99', 'matchRate: 80')
        .replaceAll('every: 2s', 'every: 4s'),
      'upload',
    );
    // The changed plan restarted the rollout; started again, it gathers evidence at step 1.
    await expect
      .poll(async () => (await rollout.status('rolls-back')).state, { timeout: 5_000 })
      .toBe('pending');
    expect((await rollout.status('rolls-back')).history.at(-1)?.reason).toMatch(/changes the rollout's plan/);
    const started = await rollout.command('rolls-back', 'start');
    for (let user = 0; user < 30; user++)
      await clientView(`${local.scientistUrl}/round?number=1`, { headers: { 'x-user-id': `race-${user}` } });
    // Due: the step's time is up with its evidence in (the runner's own ask may come first).
    const due = Date.parse(started.stepStartedAt!) + 4_100 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due)));
    await expect
      .poll(
        async () =>
          (
            await local.store.resultsBetween(
              'request',
              'rolls-back',
              { from: started.stepStartedAt!, to: new Date().toISOString() },
              100,
            )
          ).length,
        {
          timeout: 15_000,
          interval: 250,
        },
      )
      .toBeGreaterThanOrEqual(25);
    // Six evaluators at once, while the runner may ask the deployed one too: they all see one
    // outcome, and each step appears once in the history.
    const racers = Array.from({ length: 6 }, () => new RolloutService({ store: local.store, env: testEnv }));
    const seen = await Promise.all(racers.map((racer) => racer.evaluate('rolls-back')));
    expect(new Set(seen.map((status) => status.history.length)).size).toBe(1);
    const { history, percent } = await rollout.status('rolls-back');
    expect(percent).toBeGreaterThanOrEqual(60);
    const after = history.slice(history.findLastIndex((entry) => entry.reason.startsWith('started')));
    expect(after.map((entry) => [entry.from, entry.to, entry.state])).toEqual(
      [
        [0, 20, 'running'],
        [20, 60, 'running'],
        [60, 100, 'running'],
      ].slice(0, after.length),
    );
    expect((await local.store.rollout('rolls-back'))?.state.revision).toBe(history.length);
  }, 60_000);
});
