import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExperimentSummary } from '../src/results/experiment-summary.js';
import { clientView, type LocalScientist, startLocalScientist } from './support/local-scientist.js';

const arn = (name: string) => `"arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${name}"`;

/** An experiment on `path` whose one candidate serves as `serve` says. */
function servingExperiment(path: string, candidate: string, serve: string, extra: string[] = []): string {
  return [
    `  ${path}:`,
    `    path: ${path}`,
    '    comparators: [body, statuscode, { headers: [content-type] }]',
    ...extra.map((line) => `    ${line}`),
    `    control: { name: Fixture control, arn: ${arn('control-fixture')} }`,
    '    candidates:',
    `      ${candidate}: { name: ${candidate}, arn: ${arn(`candidate-fixture-${candidate}`)}, timeout: 2s }`,
    '    serve:',
    `      ${candidate}: ${serve}`,
  ].join('\n');
}

const servingExperiments = [
  servingExperiment('serve-rule', 'differs', '{ when: [{ header: x-beta, equals: "1" }] }'),
  servingExperiment('serve-canary', 'differs', '{ percent: 30 }', ['key: header:x-user-id']),
  servingExperiment('serve-crashes', 'crashes', '{ percent: 100 }'),
  servingExperiment('serve-hangs', 'hangs', '{ percent: 100 }'),
  servingExperiment('serve-huge', 'huge', '{ percent: 100 }'),
].join('\n');

/** The `differs` fixture answers an odd `n` as a number, the control as a string. */
const servedByDiffers = (view: { body: string }) =>
  (JSON.parse(Buffer.from(view.body, 'base64').toString()) as { n: unknown }).n === 1;

describe('serving candidates on the local cloud', () => {
  let local: LocalScientist;

  beforeAll(async () => {
    local = await startLocalScientist();
    await local.publishFixtures((yaml) => `${yaml.trimEnd()}\n${servingExperiments}\n`);
    // The proxy takes up a new version within its cache age: until then the route is unknown.
    const deadline = performance.now() + 10_000;
    while ((await clientView(`${local.scientistUrl}/serve-rule?n=1`)).status !== 200) {
      if (performance.now() > deadline) throw new Error('the serving experiments were not taken up');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 90_000);
  afterAll(async () => local?.stop(), 30_000);

  async function summary(experiment: string): Promise<ExperimentSummary> {
    const response = await fetch(`${local.scientistUrl}/_scientist/api/experiments/${experiment}`);
    expect(response.status).toBe(200);
    return (await response.json()) as ExperimentSummary;
  }

  test('a header rule serves the candidate to that client only', async () => {
    const beta = { headers: { 'x-beta': '1' } };
    for (let round = 0; round < 3; round++) {
      expect(servedByDiffers(await clientView(`${local.scientistUrl}/serve-rule?n=1`, beta))).toBe(true);
      expect(servedByDiffers(await clientView(`${local.scientistUrl}/serve-rule?n=1`))).toBe(false);
      const other = { headers: { 'x-beta': '2' } };
      expect(servedByDiffers(await clientView(`${local.scientistUrl}/serve-rule?n=1`, other))).toBe(false);
    }
    // The comparison goes on whichever side served: the control ran as the shadow of the served ones.
    await expect
      .poll(async () => (await summary('serve-rule')).candidates[0]?.samples, {
        timeout: 15_000,
        interval: 250,
      })
      .toBeGreaterThanOrEqual(10);
    const [differs] = (await summary('serve-rule')).candidates;
    // The poll's first request (served by the control) is among the samples.
    expect(differs).toMatchObject({ served: 3, fallbacks: 0, samples: 10, mismatches: 10 });
  }, 60_000);

  test('a 30% canary keyed by a header serves 30% ± 10 of 300 keys, the same key the same side every time', async () => {
    const sides = new Map<string, boolean>();
    for (let user = 0; user < 300; user++) {
      const view = await clientView(`${local.scientistUrl}/serve-canary?n=1`, {
        headers: { 'x-user-id': `user-${user}` },
      });
      expect(view.status).toBe(200);
      sides.set(`user-${user}`, servedByDiffers(view));
    }
    const served = [...sides.values()].filter(Boolean).length;
    expect(served).toBeGreaterThanOrEqual(60);
    expect(served).toBeLessThanOrEqual(120);
    // Every key asked again, twice for a third of them: never a different side.
    const again = [...sides].filter((_, index) => index % 2 === 0 || index % 3 === 0);
    for (const [user, side] of again) {
      const view = await clientView(`${local.scientistUrl}/serve-canary?n=1`, {
        headers: { 'x-user-id': user },
      });
      expect(servedByDiffers(view), user).toBe(side);
    }
    // Without the key, nobody is in the canary.
    for (let n = 0; n < 5; n++)
      expect(servedByDiffers(await clientView(`${local.scientistUrl}/serve-canary?n=1`))).toBe(false);
    const servedAgain = again.filter(([, side]) => side).length;
    await expect
      .poll(async () => (await summary('serve-canary')).candidates[0]?.served, {
        timeout: 20_000,
        interval: 500,
      })
      .toBe(served + servedAgain);
  }, 120_000);

  test('a crashing, a hanging and a 7 MB candidate serving 100% give every client exactly the control answer', async () => {
    const direct = await clientView(`${local.directUrl}/fixture?n=1`);
    const asked: Record<string, number> = { 'serve-crashes': 4, 'serve-hangs': 3, 'serve-huge': 4 };
    for (const [experiment, clients] of Object.entries(asked)) {
      for (let client = 0; client < clients; client++) {
        const view = await clientView(`${local.scientistUrl}/${experiment}?n=1`, {
          headers: { 'x-user-id': `client-${client}` },
        });
        expect({ ...view, ms: 0 }, experiment).toEqual({ ...direct, ms: 0 });
      }
    }
    for (const [experiment, clients] of Object.entries(asked)) {
      await expect
        .poll(async () => (await summary(experiment)).candidates[0]?.fallbacks, {
          timeout: 20_000,
          interval: 250,
        })
        .toBe(clients);
      const [candidate] = (await summary(experiment)).candidates;
      expect(
        { served: candidate?.served, failed: (candidate?.errors ?? 0) + (candidate?.timeouts ?? 0) },
        experiment,
      ).toEqual({ served: 0, failed: clients });
    }
    expect((await summary('serve-hangs')).candidates[0]?.timeouts).toBe(asked['serve-hangs']);
  }, 120_000);
});
