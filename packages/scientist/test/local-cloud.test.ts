import { readFileSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExperimentSummary } from '../src/results/experiment-summary.js';
import { createScientistTable } from './support/dynalite.js';
import { clientView, type LocalScientist, startLocalScientist } from './support/local-scientist.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('the scientist on the local cloud', () => {
  let local: LocalScientist;

  beforeAll(async () => {
    local = await startLocalScientist();
  }, 60_000);
  afterAll(async () => local?.stop(), 30_000);

  /**
   * The proxy answers before it hands off (decision 10): wait until its environments are done with
   * the hand-offs. A request arriving meanwhile would get another environment, as on AWS.
   */
  async function handOffsDone(): Promise<void> {
    await expect
      .poll(
        () =>
          local.cloud.lambda
            .environments('scientist-dev-proxy')
            .every((environment) => environment.state !== 'busy'),
        { timeout: 5_000, interval: 20 },
      )
      .toBe(true);
  }

  async function summary(experiment: string): Promise<ExperimentSummary> {
    const response = await fetch(`${local.scientistUrl}/_scientist/api/experiments/${experiment}`);
    expect(response.status).toBe(200);
    return (await response.json()) as ExperimentSummary;
  }

  test('answers byte for byte as the control does directly', async () => {
    const requests: [string, RequestInit?][] = [
      ['fixture?n=2'],
      ['fixture?n=3&shape=binary'],
      ['fixture?n=4&shape=multi'],
      // API Gateway routes on the decoded path: so must the scientist.
      ['%66ixture?n=6'],
      [
        'fixture?n=5',
        { method: 'POST', body: '{"numbers":[3,1,2]}', headers: { 'content-type': 'application/json' } },
      ],
    ];
    for (const [pathAndQuery, init] of requests) {
      const direct = await clientView(`${local.directUrl}/${pathAndQuery}`, init);
      const through = await clientView(`${local.scientistUrl}/${pathAndQuery}`, init);
      expect({ ...through, ms: 0 }, pathAndQuery).toEqual({ ...direct, ms: 0 });
      expect(direct.status).toBeLessThan(300);
    }
  });

  test('serves the dashboard route beside the data API', async () => {
    const dashboard = await clientView(`${local.scientistUrl}/_scientist/`);
    // The scientist's build carries the dashboard (Nx builds it first).
    expect(dashboard.status).toBe(200);
    expect(Object.fromEntries(dashboard.headers)['content-type']).toMatch(/^text\/html/);
    expect(Buffer.from(dashboard.body, 'base64').toString()).toContain('<scientist-dashboard');
    expect((await clientView(`${local.scientistUrl}/_scientist/api/experiments`)).status).toBe(200);
  });

  test('answers an unknown path and a failing control exactly as API Gateway does without it', async () => {
    const direct = await clientView(`${local.directUrl}/nowhere`);
    const through = await clientView(`${local.scientistUrl}/nowhere`);
    expect({ ...through, ms: 0 }).toEqual({ ...direct, ms: 0 });
    expect(through.status).toBe(403);

    const failedDirect = await clientView(`${local.directUrl}/fixture?fail=1`);
    const failedThrough = await clientView(`${local.scientistUrl}/fixture?fail=1`);
    expect({ ...failedThrough, ms: 0 }).toEqual({ ...failedDirect, ms: 0 });
    expect(failedThrough.status).toBe(502);
  });

  test('keeps client latency when candidates hang, crash, answer 7 MB or fail to start', async () => {
    const hangsSamples = async () => {
      const response = await fetch(`${local.scientistUrl}/_scientist/api/experiments/fixture`);
      // 404 while nothing of the experiment is recorded yet.
      if (response.status === 404) return 0;
      const recorded = (await response.json()) as ExperimentSummary;
      return recorded.candidates.find((c) => c.id === 'hangs')?.samples ?? 0;
    };
    const hangsBefore = await hangsSamples();
    // Warm both paths first: the comparison is about steady state, not cold starts.
    for (const route of ['fixture', 'calm']) await clientView(`${local.scientistUrl}/${route}?n=0`);
    const calm: number[] = [];
    const troubled: number[] = [];
    for (let n = 1; n <= 8; n++) {
      calm.push((await clientView(`${local.scientistUrl}/calm?n=${n}`)).ms);
      troubled.push((await clientView(`${local.scientistUrl}/fixture?n=${n}`)).ms);
    }
    // Same control behind both. Had the proxy waited for the hanging candidate, every troubled
    // request would take its 2 s timeout; the rest of the gap is the shared machine's CPU.
    expect(Math.max(...troubled)).toBeLessThan(2000);
    expect(median(troubled)).toBeLessThan(median(calm) * 2 + 100);

    // Every request of this test recorded (the runner may still be on earlier ones when the
    // clients have their answers): the newest mismatch below is then one of them.
    await expect
      .poll(hangsSamples, { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(hangsBefore + 9);
    const fixture = await summary('fixture');
    const byId = Object.fromEntries(fixture.candidates.map((candidate) => [candidate.id, candidate]));
    const outcomes = (id: string) => {
      const { samples, matches, mismatches, errors, timeouts } = byId[id]!;
      return { id, samples, matches, mismatches, errors, timeouts };
    };
    const runs = byId.hangs!.samples;
    expect(['hangs', 'crashes', 'huge', 'init-fails'].map(outcomes)).toEqual([
      { id: 'hangs', samples: runs, matches: 0, mismatches: 0, errors: 0, timeouts: runs },
      { id: 'crashes', samples: runs, matches: 0, mismatches: 0, errors: runs, timeouts: 0 },
      { id: 'huge', samples: runs, matches: 0, mismatches: 0, errors: runs, timeouts: 0 },
      { id: 'init-fails', samples: runs, matches: 0, mismatches: 0, errors: runs, timeouts: 0 },
    ]);
    expect(byId.agrees?.mismatches).toBe(0);
    expect(byId.differs?.mismatches).toBeGreaterThan(0);

    const mismatches = (await (
      await fetch(`${local.scientistUrl}/_scientist/api/experiments/fixture/mismatches?limit=5`)
    ).json()) as { mismatches: { candidate: string; diff: string; curl: string }[] };
    const [first] = mismatches.mismatches;
    expect(first?.candidate).toBe('differs');
    expect(first?.diff).toContain('body');
    expect(first?.curl).toMatch(
      /^curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/scientist\/dev\/fixture\?n=\d+'$/,
    );
  }, 60_000);

  test('runs each candidate exactly once per request', async () => {
    const before = (await summary('calm')).candidates[0]?.samples ?? 0;
    const requests = 6;
    for (let n = 0; n < requests; n++) await clientView(`${local.scientistUrl}/calm?n=${n}`);
    await expect
      .poll(async () => (await summary('calm')).candidates[0]?.samples, { timeout: 10_000, interval: 200 })
      .toBe(before + requests);
    const log = readFileSync(path.join(local.stateDir, 'logs', 'candidate-fixture-calm.log'), 'utf8');
    const starts = log.split('\n').filter((line) => line.startsWith('START ')).length;
    expect(starts).toBe(before + requests);
  }, 30_000);

  test('counts what a killed runner loses, and runs no candidate twice', async () => {
    const starts = (fn: string) =>
      readFileSync(path.join(local.stateDir, 'logs', `${fn}.log`), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('START ')).length;
    const unaccounted = async () => {
      const { control } = await summary('fixture');
      return control.handedOff - control.samples - control.skipped;
    };
    // Fresh proxy environments: earlier requests may have left hand-off counts pending in more
    // than one (each writes its own alongside its next request), which would land in the middle
    // of the count below.
    await handOffsDone();
    const proxyFunction = local.cloud.lambda.functions().find((fn) => fn.name === 'scientist-dev-proxy')!;
    await local.cloud.lambda.deploy(proxyFunction);
    // Let earlier requests settle, so the difference below is this test's alone: on the local
    // cloud a runner takes its candidates one at a time, so an earlier hanging one keeps it 2 s or more.
    let before = await unaccounted();
    for (let steady = 0, waited = 0; steady < 3 && waited < 30; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = await unaccounted();
      // The clients have their answers before the hand-offs: runners may still be on earlier requests.
      const runnersIdle = local.cloud.lambda
        .environments('scientist-dev-runner')
        .every((environment) => environment.state !== 'busy');
      steady = now === before && runnersIdle ? steady + 1 : 0;
      before = now;
    }
    const hangsBefore = starts('candidate-fixture-hangs');
    const requests = 3;
    // One proxy environment for all: each holds its own hand-off counts until its next request.
    for (let n = 0; n < requests; n++) {
      expect((await clientView(`${local.scientistUrl}/fixture?n=${100 + n}`)).status).toBe(200);
      await handOffsDone();
    }
    // Every runner is now waiting on the hanging candidate (2 s timeout): kill them all.
    await expect
      .poll(() => starts('candidate-fixture-hangs'), { timeout: 10_000, interval: 50 })
      .toBe(hangsBefore + requests);
    for (const { pid } of local.cloud.lambda.environments('scientist-dev-runner'))
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    // The proxy writes its hand-off counts every 5 s, alongside a request.
    await expect
      .poll(
        async () => {
          await clientView(`${local.scientistUrl}/calm?n=1`);
          return (await unaccounted()) - before;
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(requests);
    const { control } = await summary('fixture');
    expect(control.lost + control.inFlight).toBeGreaterThanOrEqual(requests);
    // Nothing retried a killed run: the hanging candidate ran once per request.
    expect(starts('candidate-fixture-hangs')).toBe(hangsBefore + requests);
  }, 60_000);

  test('picks up an upload within 5 s and never takes a broken one', async () => {
    const broken = 'experiments:\n  fixture: {path: fixture, control: {arn: 7}}\n  gone: [\n';
    const { version } = await local.store.publishDefinition(broken, 'upload');
    // Past the cache's 2 s: this request reads the broken version, keeps the last good, and says why.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await clientView(`${local.scientistUrl}/fixture?n=2`)).status).toBe(200);
    // The local cloud writes a function's log as its output arrives: the line may follow the answer.
    const lastKeptReason = () =>
      readFileSync(path.join(local.stateDir, 'logs', 'scientist-dev-proxy.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('kept the last good experiment definitions'))
        .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { reason?: string })
        .at(-1)?.reason;
    await expect
      .poll(lastKeptReason, { timeout: 2000, interval: 50 })
      .toMatch(new RegExp(`^stored version ${version} is not valid: `));

    const started = performance.now();
    await local.publishFixtures((yaml) => yaml.replaceAll('path: calm', 'path: fresh'));
    await expect
      .poll(async () => (await clientView(`${local.scientistUrl}/fresh?n=1`)).status, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(200);
    expect(performance.now() - started).toBeLessThan(5000);
    await local.publishFixtures();
  }, 20_000);

  test('serves clients while the store is gone, and records what it kept once the store is back', async () => {
    await expect
      .poll(async () => (await clientView(`${local.scientistUrl}/calm?n=1`)).status, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(200);
    const dynamodb = new DynamoDBClient({
      endpoint: local.cloud.endpoints.dynamodb,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await handOffsDone();
    // Let every runner started so far finish writing, so the outage catches only the requests below.
    const started = () =>
      readFileSync(path.join(local.stateDir, 'logs', 'candidate-fixture-calm.log'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('START ')).length;
    await expect
      .poll(async () => (await summary('calm')).candidates[0]?.samples === started(), {
        timeout: 10_000,
        interval: 200,
      })
      .toBe(true);
    const before = (await summary('calm')).candidates[0]?.samples ?? 0;
    await dynamodb.send(new DeleteTableCommand({ TableName: 'scientist-dev' }));
    try {
      for (let n = 0; n < 3; n++) {
        const direct = await clientView(`${local.directUrl}/fixture?n=${n}`);
        const through = await clientView(`${local.scientistUrl}/calm?n=${n}`);
        expect({ ...through, ms: 0 }).toEqual({ ...direct, ms: 0 });
        // The warm proxy environment, which holds the definitions, for every request: one
        // started during the outage would fall back to the deployed definitions.
        await handOffsDone();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await createScientistTable(dynamodb, 'scientist-dev');
      dynamodb.destroy();
    }
    await local.publishFixtures();
    // Runners that could not store handed their results on to later runner invocations, which
    // write them once the table is back: nothing kept during the outage goes missing.
    await expect
      .poll(async () => (await summary('calm')).candidates[0]?.samples, { timeout: 15_000, interval: 250 })
      .toBe(3);
    expect((await summary('calm')).candidates[0]?.dropped).toBe(0);
    expect(before).toBeGreaterThan(0);
  }, 30_000);

  test('answers byte for byte as every tutorial control does, and as Python and Ruby functions do', async () => {
    const functionsDir = path.resolve(import.meta.dirname, '../../../functions');
    const services = [
      'round/control-node',
      'sort/control-node',
      'fizzbuzz/control-node',
      'pbkdf2/control-node',
    ];
    services.push('round/candidate-python3-math', 'round/candidate-ruby');
    for (const service of services) await local.cloud.deploy(path.join(functionsDir, service));
    // The tutorial's experiments, plus two whose controls run in other runtimes.
    const tutorial = readFileSync(path.resolve(import.meta.dirname, '../experiments.yaml'), 'utf8');
    const otherRuntimes = ['python3-math', 'ruby']
      .map((variant) =>
        [
          `  round-${variant}:`,
          `    path: round-${variant}`,
          `    control: {name: Round ${variant}, arn: "candidate-round-${variant}"}`,
          `    candidates: {node: {name: Round Node, arn: "control-round"}}`,
        ].join('\n'),
      )
      .join('\n');
    await local.store.publishDefinition(`${tutorial}${otherRuntimes}\n`, 'upload');
    const requests: [string, string, RequestInit?][] = [
      ['control-round/dev/round?number=62.5', 'round?number=62.5'],
      ['control-round/dev/round?number=-2.5', 'round?number=-2.5'],
      ['control-round/dev/round?number=abc', 'round?number=abc'],
      ['control-round/dev/round', 'round'],
      [
        'control-sort/dev/sort',
        'sort',
        { method: 'POST', body: '[3, 1, 2]', headers: { 'content-type': 'application/json' } },
      ],
      [
        'control-sort/dev/sort',
        'sort',
        { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } },
      ],
      ['control-fizzbuzz/dev/fizzbuzz?from=1&to=15', 'fizzbuzz?from=1&to=15'],
      ['control-fizzbuzz/dev/fizzbuzz?from=9&to=3', 'fizzbuzz?from=9&to=3'],
      ['control-pbkdf2/dev/pbkdf2?password=a&iterations=10', 'pbkdf2?password=a&iterations=10'],
      ['control-pbkdf2/dev/pbkdf2?iterations=0', 'pbkdf2?iterations=0'],
      ['candidate-round-python3-math/dev/round?number=62.5', 'round-python3-math?number=62.5'],
      ['candidate-round-python3-math/dev/round?number=x', 'round-python3-math?number=x'],
      ['candidate-round-ruby/dev/round?number=-2.5', 'round-ruby?number=-2.5'],
      ['candidate-round-ruby/dev/round', 'round-ruby'],
    ];
    await expect
      .poll(async () => (await clientView(`${local.scientistUrl}/round-ruby?number=1`)).status, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe(200);
    for (const [directPath, scientistPath, init] of requests) {
      const direct = await clientView(`${local.gatewayUrl}/${directPath}`, init);
      const through = await clientView(`${local.scientistUrl}/${scientistPath}`, init);
      expect({ ...through, ms: 0 }, scientistPath).toEqual({ ...direct, ms: 0 });
    }
  }, 30_000);
  test('answers the client before the hand-off: a runner slow to accept costs the client nothing', async () => {
    // A Lambda endpoint that takes 600 ms to accept each asynchronous invoke (the hand-off), and
    // forwards everything to the local cloud's Lambda service.
    const acceptMs = 600;
    const lambda = new URL(local.cloud.endpoints.lambda);
    let handOffs = 0;
    const slow = createServer((incoming, outgoing) => {
      const isEvent = incoming.headers['x-amz-invocation-type'] === 'Event';
      if (isEvent) handOffs++;
      setTimeout(
        () => {
          const upstream = forward(
            {
              host: lambda.hostname,
              port: lambda.port,
              path: incoming.url,
              method: incoming.method,
              headers: incoming.headers,
            },
            (answer) => {
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(outgoing);
            },
          );
          incoming.pipe(upstream);
        },
        isEvent ? acceptMs : 0,
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    // The fixtures as uploaded (earlier tests publish others); each deploy below starts fresh environments.
    await local.publishFixtures();
    const proxyFunction = local.cloud.lambda.functions().find((fn) => fn.name === 'scientist-dev-proxy')!;
    const latencies = async (environment: Record<string, string>) => {
      await local.cloud.lambda.deploy({
        ...proxyFunction,
        environment: {
          ...proxyFunction.environment,
          AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
          ...environment,
        },
      });
      const measured: number[] = [];
      for (let n = 0; n < 4; n++) {
        measured.push((await clientView(`${local.scientistUrl}/calm?n=${n}`)).ms);
        // Long enough for the hand-off to finish: each request finds the warm environment free.
        await new Promise((resolve) => setTimeout(resolve, acceptMs + 300));
      }
      return measured.slice(1);
    };
    try {
      const before = handOffs;
      const held = await latencies({});
      expect(handOffs - before).toBe(4);
      const awaited = await latencies({ SCIENTIST_HAND_OFF: 'awaited' });
      // Held: the answer does not wait for the 600 ms hand-off; awaited (as before): it does.
      expect(Math.max(...held)).toBeLessThan(acceptMs / 2);
      expect(Math.min(...awaited)).toBeGreaterThanOrEqual(acceptMs);
      // The proxy's REPORT lines show where the hand-off went: after the response.
      const extensionTimes = readFileSync(local.cloud.lambda.logPath('scientist-dev-proxy'), 'utf8')
        .split('\n')
        .flatMap((line) => /\tExtensions Duration: ([\d.]+) ms/.exec(line)?.[1] ?? [])
        .map(Number);
      expect(extensionTimes.filter((ms) => ms >= acceptMs * 0.9).length).toBeGreaterThanOrEqual(3);
    } finally {
      await local.cloud.lambda.deploy(proxyFunction);
      slow.close();
    }
  }, 60_000);
});
