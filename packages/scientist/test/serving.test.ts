import { describe, expect, test } from 'vitest';
import { InMemoryStore } from '../src/in-memory-store.js';
import type { Incident } from '../src/incidents.js';
import type { InvokeRequest, Invoker, ShadowTask } from '../src/index.js';
import { ScientistProxy } from '../src/proxy/scientist-proxy.js';
import { summarize } from '../src/results/experiment-summary.js';
import { minuteOf } from '../src/results/request-record.js';
import { ResultRecorder } from '../src/results/result-recorder.js';
import { ShadowRunner } from '../src/runner/shadow-runner.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { restEvent } from './support/gateway-events.js';
import { InMemoryLambda } from './support/in-memory-lambda.js';

const controlAnswer = { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'control' };
const candidateAnswer = { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'candidate' };

/** Lambda in memory, plus a function the service throttles: what Lambda answers past its concurrency. */
class ThrottlingLambda implements Invoker {
  constructor(
    readonly lambda: InMemoryLambda,
    private readonly throttled: string,
  ) {}
  invoke(request: InvokeRequest) {
    if (request.functionName.endsWith(`:${this.throttled}`)) {
      this.lambda.invocations.push({
        functionName: this.throttled,
        event: JSON.parse(Buffer.from(request.payload).toString('utf8')),
        invocationType: request.invocationType,
      });
      return Promise.resolve({
        kind: 'failed' as const,
        failure: 'throttled' as const,
        message: 'TooManyRequestsException: Rate Exceeded.',
      });
    }
    return this.lambda.invoke(request);
  }
}

function setUp(
  extra: string,
  candidates: Record<string, string> = { beta: 'candidate-beta' },
  transform = (yaml: string) => yaml,
) {
  const lambda = new InMemoryLambda({
    'control-round': () => controlAnswer,
    'candidate-beta': () => candidateAnswer,
    'candidate-crashes': () => {
      throw new Error('crashed on purpose');
    },
    'candidate-hangs': () => new Promise(() => undefined),
    'candidate-huge': () => ({ statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) }),
    'candidate-garbage': () => 'not a response',
    'scientist-dev-runner': () => undefined,
  });
  const invoker = new ThrottlingLambda(lambda, 'candidate-throttled');
  const experiments = experimentsOf(transform(experimentsYaml(candidates, extra)));
  const incidents: Incident[] = [];
  const proxy = new ScientistProxy({
    definitions: { current: async () => ({ version: 1, experiments }) },
    invoker,
    runnerFunction: 'scientist-dev-runner',
    onIncident: (incident) => incidents.push(incident),
  });
  const store = new InMemoryStore();
  const recorder = new ResultRecorder({ sink: store });
  const runner = new ShadowRunner({ invoker });
  const request = (headers: Record<string, string> = {}, method = 'GET') => {
    const event = restEvent(method, 'round', { number: '1.5' });
    return proxy.handle({ ...event, headers: { ...(event.headers as object), ...headers } });
  };
  /** Runs the handed-off tasks as the runner would, and summarises what they recorded. */
  const results = async () => {
    for (const task of lambda.drain() as ShadowTask[])
      recorder.record(await runner.run(JSON.parse(JSON.stringify(task))));
    await recorder.flush();
    const now = Date.now();
    const window = { from: minuteOf(now - 60_000), to: minuteOf(now + 60_000) };
    const summary = summarize(
      experiments[0]!,
      await store.aggregates('rounding-float', window.from, window.to),
      window,
    );
    return Object.fromEntries(summary.candidates.map((candidate) => [candidate.id, candidate]));
  };
  return { lambda, proxy, incidents, request, results };
}

describe('serving a candidate', () => {
  test("a matching rule serves the candidate's answer, unchanged; the control runs as the shadow", async () => {
    const { lambda, request, results } = setUp(`    serve:
      beta:
        when: [{ header: x-beta, equals: "1" }]`);
    expect(await request({ 'x-beta': '1' })).toEqual(candidateAnswer);
    // The candidate got the client's event as is (no shadow mark): it is serving, not shadowing.
    const [served, handOff, ...none] = lambda.invocations;
    expect(served?.functionName).toBe('candidate-beta');
    expect(served?.event.headers).not.toHaveProperty('x-scientist-shadow');
    expect(handOff?.functionName).toBe('scientist-dev-runner');
    expect(none).toEqual([]);
    const [task] = lambda.queued.map((entry) => entry.payload) as ShadowTask[];
    expect(task).not.toHaveProperty('control');
    expect(task?.candidates).toEqual([]);
    expect(task?.served).toMatchObject({ candidate: 'beta', fellBack: false, answer: { kind: 'returned' } });

    expect(await request({ 'x-beta': '2' })).toEqual(controlAnswer);
    expect(await request()).toEqual(controlAnswer);
    lambda.invocations.length = 0;
    const byId = await results();
    // Off the client's path: the control ran once, marked as a shadow, for the served request.
    const shadowRuns = lambda.invocations.filter((call) => call.functionName === 'control-round');
    expect(shadowRuns).toHaveLength(1);
    expect(shadowRuns[0]?.event.headers).toMatchObject({ 'x-scientist-shadow': '1' });
    // Served once (the candidate's answer differs from the control's), shadowed twice.
    expect(byId.beta).toMatchObject({ served: 1, fallbacks: 0, samples: 3, mismatches: 3 });
  });

  test('a crashing, hanging, throttled, 7 MB or malformed candidate falls back to the control, counted', async () => {
    const failing = {
      crashes: 'candidate-crashes',
      hangs: 'candidate-hangs',
      throttled: 'candidate-throttled',
      huge: 'candidate-huge',
      garbage: 'candidate-garbage',
    };
    for (const [id, functionName] of Object.entries(failing)) {
      const { lambda, request, incidents, results } = setUp(
        `    timeout: 200ms\n    serve:\n      ${id}: { percent: 100 }`,
        { [id]: functionName },
      );
      expect(await request(), id).toEqual(controlAnswer);
      // The candidate first, then the control for the client, then the hand-off.
      expect(lambda.invocations.map((call) => call.functionName)).toEqual([
        functionName,
        'control-round',
        'scientist-dev-runner',
      ]);
      const [task] = lambda.queued.map((entry) => entry.payload) as ShadowTask[];
      expect(task?.served).toMatchObject({ candidate: id, fellBack: true });
      expect(task?.control).toMatchObject({ kind: 'returned' });
      expect(incidents.map((incident) => [incident.problem, incident.context.candidate])).toEqual([
        ['served-candidate-failed', id],
      ]);
      const summary = (await results())[id]!;
      expect(
        { served: summary.served, fallbacks: summary.fallbacks, failed: summary.errors + summary.timeouts },
        id,
      ).toEqual({ served: 0, fallbacks: 1, failed: 1 });
      // The failure is recorded from the client's path: the runner does not invoke the candidate again.
      expect(lambda.countOf(functionName), id).toBe(1);
    }
  });

  test('a sticky canary: the same key the same side; no key, no canary', async () => {
    const { request, lambda } = setUp(`    key: header:x-user-id
    serve:
      beta: { percent: 50 }`);
    const sides = new Map<string, unknown>();
    for (let user = 0; user < 40; user++)
      sides.set(`u${user}`, ((await request({ 'x-user-id': `u${user}` })) as { body: string }).body);
    for (let round = 0; round < 2; round++)
      for (const [user, body] of sides)
        expect(((await request({ 'x-user-id': user })) as { body: string }).body).toBe(body);
    const served = [...sides.values()].filter((body) => body === 'candidate').length;
    expect(served).toBeGreaterThan(8);
    expect(served).toBeLessThan(32);
    lambda.invocations.length = 0;
    for (let n = 0; n < 10; n++) expect(await request()).toEqual(controlAnswer);
    expect(lambda.countOf('candidate-beta')).toBe(0);
  });

  test('when the file names a key, shadow sampling sticks by it too', async () => {
    const { request, lambda } = setUp(`    key: header:x-user-id
    sample: 50`);
    const sampledFor = async (user: string) => {
      lambda.queued.length = 0;
      await request({ 'x-user-id': user });
      return (lambda.queued[0]?.payload as ShadowTask | undefined)?.candidates.includes('beta') ?? false;
    };
    const first: boolean[] = [];
    for (let user = 0; user < 30; user++) first.push(await sampledFor(`u${user}`));
    for (let user = 0; user < 30; user++) expect(await sampledFor(`u${user}`)).toBe(first[user]);
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter(Boolean).length).toBeLessThan(25);
  });

  test("only the experiment's methods, and only enabled candidates, are ever served", async () => {
    const { request, lambda } = setUp(`    methods: [GET]
    serve:
      beta: { when: [{ header: x-beta }] }`);
    const answer = (await request({ 'x-beta': '1' }, 'POST')) as { statusCode: number };
    expect(answer.statusCode).toBe(403);
    expect(lambda.invocations).toEqual([]);

    const disabled = setUp(
      `    serve:
      beta: { when: [{ header: x-beta }] }`,
      { beta: 'candidate-beta' },
      (yaml) =>
        yaml.replace('        name: candidate-beta', '        name: candidate-beta\n        enabled: false'),
    );
    expect(await disabled.request({ 'x-beta': '1' })).toEqual(controlAnswer);
    expect(disabled.lambda.countOf('candidate-beta')).toBe(0);
  });
});
