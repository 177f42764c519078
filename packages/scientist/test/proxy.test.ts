import { beforeAll, describe, expect, test } from 'vitest';
import { ControlFailedError } from '../src/errors.js';
import type { Invoker } from '../src/function-invoker.js';
import type { ShadowTask } from '../src/index.js';
import { DefinitionCache } from '../src/proxy/definition-cache.js';
import { ScientistProxy } from '../src/proxy/scientist-proxy.js';
import { ResultRecorder } from '../src/results/result-recorder.js';
import { summarizeRequest } from '../src/runner/request-summary.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { httpApiEvent, restEvent } from './support/gateway-events.js';
import { InMemoryLambda } from './support/in-memory-lambda.js';

const controlResponse = {
  statusCode: 200,
  headers: { 'content-type': 'text/plain', 'x-trace': 'a' },
  multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
  body: 'AAEC/w==',
  isBase64Encoded: true,
};

function proxyWith(lambda: InMemoryLambda, yaml = experimentsYaml({ 'candidate-1': 'candidate-agrees' })) {
  const definitions = { current: async () => ({ version: 1, experiments: experimentsOf(yaml) }) };
  return new ScientistProxy({
    definitions,
    invoker: lambda,
    runnerFunction: 'scientist-dev-runner',
  });
}

describe('the proxy', () => {
  let lambda: InMemoryLambda;
  beforeAll(() => {
    lambda = new InMemoryLambda({
      'control-round': () => controlResponse,
      'candidate-agrees': () => controlResponse,
      'scientist-dev-runner': () => undefined,
    });
  });

  test('answers with the control response unchanged, for both payload formats', async () => {
    const proxy = proxyWith(lambda);
    for (const event of [
      restEvent('GET', 'round', { number: '62.5' }),
      httpApiEvent('GET', 'round', 'number=62.5'),
    ]) {
      const response = await proxy.handle(event);
      expect(JSON.stringify(response)).toBe(JSON.stringify(controlResponse));
    }
  });

  test('sends the control the original event, unchanged, and hands the rest to the runner asynchronously', async () => {
    const proxy = proxyWith(lambda);
    const event = restEvent('GET', 'round', { number: '1.5' });
    lambda.invocations.length = 0;
    await proxy.handle(event);
    const [control, runner, ...others] = lambda.invocations;
    // Handed off, the control's REPORT figures are asked for: the runner compares them.
    expect(control).toEqual({
      functionName: 'control-round',
      event,
      invocationType: 'RequestResponse',
      logTail: true,
    });
    expect(runner?.functionName).toBe('scientist-dev-runner');
    expect(runner?.invocationType).toBe('Event');
    expect(others).toEqual([]);
    const task = lambda.drain().at(-1) as ShadowTask;
    expect(task.candidates).toEqual(['candidate-1']);
    expect(task.event).toEqual(event);
    expect(task.control).toMatchObject({ kind: 'returned', payload: JSON.stringify(controlResponse) });
    // Nothing of the client's credentials is recorded: the runner redacts from the event it gets.
    const { request, curl } = summarizeRequest(
      task.event,
      { redactHeaders: [], redactQuery: [] },
      'http://127.0.0.1:3000/scientist/dev',
    );
    expect(request.headers.authorization).toBe('(redacted)');
    expect(curl).toBe("curl -sS -X GET 'http://127.0.0.1:3000/scientist/dev/round?number=1.5'");
  });

  test('answers an unknown path as API Gateway answers a missing route, without invoking anything', async () => {
    const proxy = proxyWith(
      lambda,
      experimentsYaml({ 'candidate-1': 'candidate-agrees' }, '    methods: [GET]'),
    );
    lambda.invocations.length = 0;
    expect(await proxy.handle(restEvent('GET', 'nowhere'))).toEqual({
      statusCode: 403,
      headers: {
        'content-type': 'application/json',
        'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
      },
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(await proxy.handle(httpApiEvent('GET', 'nowhere'))).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Not Found"}',
    });
    expect(await proxy.handle(restEvent('DELETE', 'round'))).toMatchObject({ statusCode: 403 });
    expect(lambda.invocations).toEqual([]);
  });

  test('fails as the control failed, so API Gateway answers as it would have without the scientist', async () => {
    const failing = new InMemoryLambda({
      'control-round': () => {
        throw new TypeError('boom');
      },
      'scientist-dev-runner': () => undefined,
    });
    await expect(proxyWith(failing).handle(restEvent('GET', 'round'))).rejects.toThrow(ControlFailedError);
    // The candidates still run, against the control's failure.
    const task = failing.drain()[0] as ShadowTask;
    expect(task.control).toMatchObject({ kind: 'returned', functionError: 'Unhandled' });
    expect(task.control?.kind === 'returned' && JSON.parse(task.control.payload)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'boom',
    });
  });

  test('hands off nothing when the experiment is disabled or no candidate is sampled', async () => {
    const quiet = experimentsYaml({ 'candidate-1': 'candidate-agrees' }, '    enabled: false');
    const proxy = proxyWith(lambda, quiet);
    lambda.invocations.length = 0;
    expect(JSON.stringify(await proxy.handle(restEvent('GET', 'round')))).toBe(
      JSON.stringify(controlResponse),
    );
    expect(lambda.invocations.map((i) => i.functionName)).toEqual(['control-round']);
    // Handed to nobody, the control's log tail is not asked for: nothing would read it.
    expect(lambda.invocations[0]?.logTail).toBe(false);
    const unsampled = proxyWith(
      lambda,
      experimentsYaml({ 'candidate-1': 'candidate-agrees' }).replace(
        'name: candidate-agrees',
        'name: candidate-agrees\n        sample: 0',
      ),
    );
    lambda.invocations.length = 0;
    await unsampled.handle(restEvent('GET', 'round'));
    expect(lambda.invocations).toEqual([
      expect.objectContaining({ functionName: 'control-round', logTail: false }),
    ]);
  });

  test('still answers the client when the hand-off to the runner fails, and reports it', async () => {
    const noRunner = new InMemoryLambda({ 'control-round': () => controlResponse });
    const incidents: string[] = [];
    const proxy = new ScientistProxy({
      definitions: {
        current: async () => ({ version: 1, experiments: experimentsOf(experimentsYaml({ c: 'x' })) }),
      },
      invoker: noRunner,
      runnerFunction: 'scientist-dev-runner',
      onIncident: (incident) => incidents.push(`${incident.problem}: ${incident.message}`),
    });
    expect(await proxy.handle(restEvent('GET', 'round'))).toEqual(controlResponse);
    expect(incidents).toEqual([
      'hand-off-failed: invoke-failed: ResourceNotFoundException: scientist-dev-runner',
    ]);
  });

  test('reports hand-off counts the store would not take, and keeps them for the next write', async () => {
    let storeUp = false;
    const written: number[] = [];
    const recorder = new ResultRecorder({
      attempts: 1,
      sink: {
        putResultItems: async () => {},
        addAggregates: async (increment) => {
          if (!storeUp) throw new Error('ProvisionedThroughputExceededException');
          written.push(increment.increments.get('_control|handedOff') ?? 0);
        },
      },
    });
    const incidents: string[] = [];
    const proxy = new ScientistProxy({
      definitions: {
        current: async () => ({
          version: 1,
          experiments: experimentsOf(experimentsYaml({ 'candidate-1': 'candidate-agrees' })),
        }),
      },
      invoker: lambda,
      runnerFunction: 'scientist-dev-runner',
      handOffs: recorder,
      onIncident: (incident) => incidents.push(`${incident.problem}: ${incident.message}`),
    });
    await proxy.handle(restEvent('GET', 'round'));
    await proxy.drain();
    expect(incidents.filter((line) => line.startsWith('hand-off-counts-not-stored'))).toEqual([
      'hand-off-counts-not-stored: ProvisionedThroughputExceededException',
    ]);
    storeUp = true;
    await proxy.drain();
    expect(written).toEqual([1]);
  });

  test('answers before the hand-off while an after-answer holds it, and awaits it otherwise', async () => {
    // A runner endpoint that accepts only when the test says so.
    let accept: () => void = () => undefined;
    const gated: Invoker = {
      async invoke(request) {
        if (request.invocationType === 'Event') await new Promise<void>((resolve) => (accept = resolve));
        return lambda.invoke(request);
      },
    };
    const held: Promise<unknown>[] = [];
    const afterAnswer = { active: true, hold: (work: Promise<unknown>) => held.push(work) };
    const definitions = {
      current: async () => ({
        version: 1,
        experiments: experimentsOf(experimentsYaml({ c: 'candidate-agrees' })),
      }),
    };
    const proxy = new ScientistProxy({
      definitions,
      invoker: gated,
      runnerFunction: 'scientist-dev-runner',
      afterAnswer,
    });
    lambda.drain();
    expect(await proxy.handle(restEvent('GET', 'round'))).toEqual(controlResponse);
    expect(held).toHaveLength(1);
    expect(lambda.drain()).toEqual([]);
    accept();
    await held[0];
    expect(lambda.drain()).toHaveLength(1);

    // Once the extension is not active, the answer waits for the hand-off again.
    afterAnswer.active = false;
    let answered = false;
    const answer = proxy.handle(restEvent('GET', 'round')).then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    accept();
    await answer;
    expect(held).toHaveLength(1);
    expect(lambda.drain()).toHaveLength(1);
  });

  test('counts a request too large to hand off as skipped, with the reason', async () => {
    const huge = { statusCode: 200, headers: {}, body: 'x'.repeat(1_200_000) };
    const big = new InMemoryLambda({ 'control-round': () => huge, 'scientist-dev-runner': () => undefined });
    expect(await proxyWith(big).handle(restEvent('GET', 'round'))).toEqual(huge);
    expect(big.drain()).toEqual([expect.objectContaining({ kind: 'skipped', experiment: 'rounding-float' })]);
  });
});

describe('the definition cache', () => {
  let now = 0;
  const clock = { now: () => now, monotonic: () => now };
  const good = { version: 1, experiments: experimentsOf(experimentsYaml({ c: 'candidate-agrees' })) };

  test('checks the age on every request: a stale copy is refreshed before routing, and the last good kept on failure', async () => {
    let answer: () => Promise<typeof good | undefined> = async () => good;
    const problems: string[] = [];
    const cache = new DefinitionCache(() => answer(), {
      clock,
      maxAgeMs: 2000,
      onProblem: (problem) => problems.push(problem.message),
    });
    expect((await cache.current()).version).toBe(1);
    now = 2500;
    answer = async () => {
      throw new Error('stored version 2 is not valid');
    };
    expect((await cache.current()).version).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await cache.current()).version).toBe(1);
    expect(problems).toEqual(['stored version 2 is not valid']);
    now = 5000;
    answer = async () => ({ ...good, version: 3 });
    // However long it sat idle, the first request after the period already routes by the new version.
    expect((await cache.current()).version).toBe(3);
    now = 60_000;
    answer = async () => ({ ...good, version: 4 });
    expect((await cache.current()).version).toBe(4);
    // Within the period, no store read.
    answer = async () => ({ ...good, version: 5 });
    now = 61_000;
    expect((await cache.current()).version).toBe(4);
  });

  test('uses the deployed definitions while the store has none or cannot be reached', async () => {
    const cache = new DefinitionCache(
      async () => {
        throw new Error('connect ECONNREFUSED');
      },
      { clock, fallback: { ...good, version: 0 } },
    );
    expect((await cache.current()).experiments.map((e) => e.id)).toEqual(['rounding-float']);
  });
});
