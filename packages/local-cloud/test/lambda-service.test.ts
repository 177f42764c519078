import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
// REPORT lines are read with the scientist's own parser, so the two cannot drift apart.
import { parseReportLine } from '@serverless-scientist/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FunctionDefinition, FunctionDefinitionError, LambdaService } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/node/', import.meta.url));

function definition(name: string, overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return {
    name,
    runtime: 'nodejs20.x',
    handler: 'sleep.handler',
    codeDir: fixturesDir,
    memorySizeMb: 1024,
    timeoutSeconds: 5,
    environment: {},
    region: 'eu-west-1',
    accountId: '000000000000',
    ...overrides,
  };
}

const json = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

describe('Lambda service: the Invoke API as the AWS SDK sees it', () => {
  let service: LambdaService;
  let client: LambdaClient;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'lambda-service-'));
    service = await LambdaService.start({ port: 0, logsDir, idleTimeoutMs: 400 });
    client = new LambdaClient({
      endpoint: service.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await service.deploy(definition('sleeper'));
  });
  afterAll(async () => {
    client?.destroy();
    await service?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  test('an unknown function is a ResourceNotFoundException (404) naming its ARN', async () => {
    const error = await client
      .send(new InvokeCommand({ FunctionName: 'nobody-home' }))
      .catch((caught) => caught);
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe(
      'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:nobody-home',
    );
  });

  test('the function may be named by ARN, partial ARN or name:$LATEST; other qualifiers are not found', async () => {
    for (const FunctionName of [
      'arn:aws:lambda:eu-west-1:000000000000:function:sleeper',
      '000000000000:function:sleeper',
      'sleeper:$LATEST',
    ]) {
      const output = await client.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"ms":0}') }));
      expect(json(output.Payload)).toMatchObject({ slept: 0 });
    }
    const error = await client
      .send(new InvokeCommand({ FunctionName: 'sleeper:live' }))
      .catch((caught) => caught);
    expect(error.name).toBe('ResourceNotFoundException');
  }, 20_000);

  test('DryRun answers 204 without running anything', async () => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: 'sleeper', InvocationType: 'DryRun' }),
    );
    expect(output.StatusCode).toBe(204);
  });

  test('requests above 6 MB (sync) and 1 MB (Event) are RequestTooLargeException (413)', async () => {
    const sevenMegabytes = Buffer.from(JSON.stringify({ pad: 'x'.repeat(7 * 1024 * 1024) }));
    const sync = await client
      .send(new InvokeCommand({ FunctionName: 'sleeper', Payload: sevenMegabytes }))
      .catch((caught) => caught);
    expect(sync.name).toBe('RequestTooLargeException');
    expect(sync.$metadata.httpStatusCode).toBe(413);
    const twoMegabytes = Buffer.from(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    const event = await client
      .send(new InvokeCommand({ FunctionName: 'sleeper', InvocationType: 'Event', Payload: twoMegabytes }))
      .catch((caught) => caught);
    expect(event.name).toBe('RequestTooLargeException');
    const accepted = await client.send(new InvokeCommand({ FunctionName: 'sleeper', Payload: twoMegabytes }));
    expect(accepted.StatusCode).toBe(200);
  }, 20_000);

  test('a payload that is not JSON is an InvalidRequestContentException', async () => {
    const error = await client
      .send(new InvokeCommand({ FunctionName: 'sleeper', Payload: Buffer.from('{not json') }))
      .catch((caught) => caught);
    expect(error.name).toBe('InvalidRequestContentException');
  });

  test('above the reserved concurrency, invokes are TooManyRequestsException (429)', async () => {
    await service.deploy(definition('reserved-one', { reservedConcurrency: 1 }));
    const slow = client.send(
      new InvokeCommand({ FunctionName: 'reserved-one', Payload: Buffer.from('{"ms":2000}') }),
    );
    // Until the slow invoke is admitted (its environment exists) the one slot is not taken yet; then it
    // is held for 2 s, long enough on a loaded machine for the next invoke to meet it.
    await expect.poll(() => service.environments('reserved-one').length, { interval: 10 }).toBe(1);
    const throttled = await client
      .send(new InvokeCommand({ FunctionName: 'reserved-one', Payload: Buffer.from('{"ms":0}') }))
      .catch((caught) => caught);
    expect(throttled.name).toBe('TooManyRequestsException');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect((await slow).StatusCode).toBe(200);
    await service.deploy(definition('reserved-none', { reservedConcurrency: 0 }));
    expect((await service.invoke('reserved-none', '{}')).statusCode).toBe(429);
  }, 20_000);

  test('redeploying drains the old environments: the next invoke runs the new configuration', async () => {
    await service.deploy(definition('redeployed'));
    const first = json((await service.invoke('redeployed', '{}')).payload);
    expect(first.version).toBe('first');
    await service.deploy(definition('redeployed', { environment: { CODE_VERSION: 'second' } }));
    const second = json((await service.invoke('redeployed', '{}')).payload);
    expect(second.version).toBe('second');
    expect(second.pid).not.toBe(first.pid);
  }, 20_000);

  test('idle environments are reaped', async () => {
    await service.deploy(definition('reaped'));
    await service.invoke('reaped', '{}');
    expect(service.environments('reaped')).toHaveLength(1);
    const deadline = Date.now() + 5_000;
    while (service.environments('reaped').length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(service.environments('reaped')).toHaveLength(0);
    const cold = await service.invoke('reaped', '{}', { logType: 'Tail' });
    expect(
      parseReportLine(Buffer.from(cold.logResult!, 'base64').toString())?.initDurationMs,
    ).toBeGreaterThan(0);
  }, 20_000);

  test('deploying something Lambda would refuse names the function and the problem', async () => {
    await expect(service.deploy(definition('cobol', { runtime: 'cobol85' }))).rejects.toThrow(
      /Function 'cobol': Runtime 'cobol85' is not supported by the local cloud\. Supported: nodejs20\.x, nodejs22\.x/,
    );
    await expect(service.deploy(definition('tiny', { memorySizeMb: 64 }))).rejects.toBeInstanceOf(
      FunctionDefinitionError,
    );
  });

  test('a port in use is a clear error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(LambdaService.start({ port, logsDir })).rejects.toThrow(
      `The Lambda port ${port} on 127.0.0.1 is already in use`,
    );
    await new Promise((resolve) => blocker.close(resolve));
  });

  test('REPORT lines asked for by the log tail add the CPU time used, the time throttled and the time waiting for a CPU', async () => {
    await service.deploy(definition('busy', { handler: 'cpu.handler', memorySizeMb: 128 }));
    await service.invoke('busy', '{"iterations":1}');
    const warm = await service.invoke('busy', '{"iterations":3000000}', { logType: 'Tail' });
    const report = parseReportLine(Buffer.from(warm.logResult!, 'base64').toString());
    if (!service.cpuQuota().accounting.available) {
      expect(report?.cpuTimeMs).toBeUndefined();
      return;
    }
    // 128 MB buys 7 % of a CPU: most of the invocation is spent held back by the quota.
    expect(report?.cpuTimeMs).toBeGreaterThan(1);
    expect(report?.cpuTimeMs).toBeLessThan(report!.durationMs);
    expect(report?.cpuWaitMs).toBeGreaterThan(report!.durationMs / 2);
    expect(report?.throttledMs).toBeGreaterThan(report!.durationMs / 2);
    expect(report?.throttledMs).toBeLessThanOrEqual(report!.cpuWaitMs!);
    // The environment's counter files stay open between invocations and still read fresh figures.
    const again = await service.invoke('busy', '{"iterations":3000000}', { logType: 'Tail' });
    const next = parseReportLine(Buffer.from(again.logResult!, 'base64').toString());
    expect(next?.cpuTimeMs).toBeGreaterThan(1);
    expect(next?.throttledMs).toBeGreaterThan(next!.durationMs / 2);
  }, 20_000);

  test('a background function gets a sixteenth of the default CPU weight; others keep the default', async () => {
    await service.deploy(definition('background', { cpuPriority: 'background' }));
    await service.deploy(definition('foreground'));
    await service.invoke('background', '{}');
    await service.invoke('foreground', '{}');
    const weightOf = (name: string) => {
      const pid = service.environments(name)[0]?.pid;
      const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
      const v1 = lines.find((line) => line.split(':')[1]?.split(',').includes('cpu'));
      if (v1) return Number(readFileSync(`/sys/fs/cgroup/cpu/${v1.split(':')[2]}/cpu.shares`, 'utf8'));
      const v2 = lines.find((line) => line.startsWith('0::'))!.slice(3);
      const file = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']
        .map((root) => `${root}${v2}/cpu.weight`)
        .find((candidate) => existsSync(candidate));
      return file ? Number(readFileSync(file, 'utf8')) : undefined;
    };
    if (!service.cpuQuota().available) return;
    const mechanism = service.cpuQuota().mechanism;
    const [low, normal] = mechanism === 'cgroup v2 cpu.max' ? [6, 100] : [64, 1024];
    expect([weightOf('background'), weightOf('foreground')]).toEqual([low, normal]);
  }, 20_000);

  test("a background function's events wait for a warm environment beyond what fills the CPUs at its quota", async () => {
    // 1,769 MB is one vCPU: no more environments than this machine has CPUs.
    await service.deploy(definition('queued', { cpuPriority: 'background', memorySizeMb: 1769 }));
    const events = 3 * availableParallelism();
    for (let i = 0; i < events; i++)
      expect((await service.invoke('queued', '{"ms":150}', { invocationType: 'Event' })).statusCode).toBe(
        202,
      );
    let most = 0;
    const deadline = Date.now() + 15_000;
    const ended = () => (readFileSync(service.logPath('queued'), 'utf8').match(/^END /gm) ?? []).length;
    while (Date.now() < deadline) {
      most = Math.max(most, service.environments('queued').length);
      if (existsSync(service.logPath('queued')) && ended() === events) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ended()).toBe(events);
    expect(most).toBeLessThanOrEqual(availableParallelism());
  }, 30_000);

  test('cpuQuota() says how CPU and memory are limited here', () => {
    const quota = service.cpuQuota();
    expect(typeof quota.available).toBe('boolean');
    expect(quota.mechanism).toMatch(/cgroup v[12]|none/);
    expect(quota.detail).toContain('memory:');
  });
});
