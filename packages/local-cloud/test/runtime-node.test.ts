import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LambdaService } from '../src/index.js';
import { defineConformanceSuite } from './conformance/cases.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/node/', import.meta.url));

defineConformanceSuite('node', fixturesDir, { cpuIterations: 20_000_000 });

describe('Node runtime: handler styles AWS supports', () => {
  let service: LambdaService;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'lambda-node-'));
    service = await LambdaService.start({ port: 0, logsDir });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  async function run(handler: string, payload: unknown, runtime = 'nodejs20.x') {
    const name = `node-${handler.replace(/[^a-zA-Z0-9]/g, '-')}`;
    await service.deploy({
      name,
      runtime,
      handler,
      codeDir: fixturesDir,
      memorySizeMb: 1024,
      timeoutSeconds: 5,
      environment: {},
      region: 'eu-west-1',
      accountId: '000000000000',
    });
    const outcome = await service.invoke(name, JSON.stringify(payload));
    return {
      ...outcome,
      json: JSON.parse(Buffer.from(outcome.payload).toString('utf8')) as Record<string, unknown>,
    };
  }

  test('a CommonJS callback-style handler, with its package.json saying commonjs', async () => {
    const outcome = await run('commonjs/callback.handler', { n: 1 });
    expect(outcome.functionError).toBeUndefined();
    expect(outcome.json).toEqual({ style: 'callback', requestId: outcome.requestId, event: { n: 1 } });
  }, 20_000);

  test('a nested export of a .cjs module in a nested directory', async () => {
    const outcome = await run('nested/deeper/module.handlers.main', {}, 'nodejs22.x');
    expect(outcome.json).toEqual({ style: 'nested commonjs' });
  }, 20_000);

  test('a missing module and a missing export fail the way AWS reports them', async () => {
    const missingModule = await run('absent.handler', {});
    expect(missingModule.functionError).toBe('Unhandled');
    expect(missingModule.json).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
    const missingExport = await run('ok.nothing', {});
    expect(missingExport.json).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'ok.nothing is undefined or not exported',
    });
  }, 20_000);
});
