import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LambdaService } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/node/', import.meta.url));

function refusesConnections(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host!);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('Runtime API: one plain host:port listener per execution environment', () => {
  let service: LambdaService;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'lambda-runtime-api-'));
    service = await LambdaService.start({ port: 0, logsDir });
    await service.deploy({
      name: 'runtime-api',
      runtime: 'nodejs20.x',
      handler: 'runtime-api.handler',
      codeDir: fixturesDir,
      memorySizeMb: 1024,
      timeoutSeconds: 5,
      environment: {},
      region: 'eu-west-1',
      accountId: '000000000000',
    });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  test('each environment gets its own loopback port, as AWS_LAMBDA_RUNTIME_API with no path, closed when it ends', async () => {
    const outcomes = await Promise.all(
      [1, 2].map(() => service.invoke('runtime-api', JSON.stringify({ ms: 200 }))),
    );
    const addresses = outcomes.map(
      (outcome) => JSON.parse(Buffer.from(outcome.payload).toString('utf8')).runtimeApi as string,
    );
    for (const address of addresses) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(new Set(addresses).size).toBe(2);
    expect(addresses).not.toContain(new URL(service.endpoint).host);
    expect(service.environments('runtime-api')).toHaveLength(2);

    await service.remove('runtime-api');
    const deadline = Date.now() + 5_000;
    let refused = [false, false];
    while (Date.now() < deadline && !refused.every(Boolean)) {
      refused = await Promise.all(addresses.map(refusesConnections));
      if (!refused.every(Boolean)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refused).toEqual([true, true]);
  }, 20_000);
});
