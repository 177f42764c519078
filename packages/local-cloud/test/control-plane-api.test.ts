import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FunctionDefinition, LambdaService } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/node/', import.meta.url));

function definition(name: string, overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return {
    name,
    runtime: 'nodejs20.x',
    handler: 'sleep.handler',
    codeDir: fixturesDir,
    memorySizeMb: 512,
    timeoutSeconds: 5,
    environment: { GREETING: 'hello' },
    region: 'eu-west-1',
    accountId: '000000000000',
    service: 'fixtures',
    stage: 'dev',
    ...overrides,
  };
}

describe('Lambda service: ListFunctions, GetFunction and GetFunctionConfiguration through the AWS SDK', () => {
  let service: LambdaService;
  let client: LambdaClient;
  let logsDir: string;
  const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'control-plane-'));
    service = await LambdaService.start({ port: 0, logsDir });
    client = new LambdaClient({
      endpoint: service.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    for (const name of names.toReversed()) await service.deploy(definition(name));
    await service.deploy(definition('bravo', { reservedConcurrency: 3, memorySizeMb: 1769 }));
  });
  afterAll(async () => {
    client?.destroy();
    await service?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  test('ListFunctions pages through every function in name order', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListFunctions({ client, pageSize: 2 }, {})) {
      pages.push((page.Functions ?? []).map((fn) => fn.FunctionName ?? '?'));
    }
    expect(pages).toEqual([['alpha', 'bravo'], ['charlie', 'delta'], ['echo']]);
  });

  test('GetFunctionConfiguration answers what was deployed, as Lambda names it', async () => {
    const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'bravo' }));
    const { $metadata, LastModified, ...rest } = configuration;
    expect(LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(rest).toEqual({
      FunctionName: 'bravo',
      FunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:bravo',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/fixtures-dev-eu-west-1-lambdaRole',
      Handler: 'sleep.handler',
      Timeout: 5,
      MemorySize: 1769,
      Version: '$LATEST',
      Environment: { Variables: { GREETING: 'hello' } },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
    });
  });

  test('GetFunction accepts a name or an ARN and gives the reserved concurrency', async () => {
    const output = await client.send(
      new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:bravo' }),
    );
    expect(output.Configuration?.FunctionName).toBe('bravo');
    expect(output.Concurrency).toEqual({ ReservedConcurrentExecutions: 3 });
    expect(output.Code?.Location).toBe(`file://${fixturesDir}`);
    const plain = await client.send(new GetFunctionCommand({ FunctionName: 'alpha' }));
    expect(plain.Concurrency).toBeUndefined();
  });

  test('an unknown function, or another qualifier than $LATEST, is a ResourceNotFoundException', async () => {
    for (const [FunctionName, Qualifier, arn] of [
      ['nobody-home', undefined, 'arn:aws:lambda:eu-west-1:000000000000:function:nobody-home'],
      ['alpha', '7', 'arn:aws:lambda:eu-west-1:000000000000:function:alpha:7'],
    ] as const) {
      const error = await client
        .send(new GetFunctionCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }))
        .catch((caught) => caught);
      expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arn}`,
      });
    }
  });

  test('a removed function is no longer listed', async () => {
    await service.deploy(definition('foxtrot'));
    await service.remove('foxtrot');
    const error = await client
      .send(new GetFunctionConfigurationCommand({ FunctionName: 'foxtrot' }))
      .catch((caught) => caught);
    expect(error.name).toBe('ResourceNotFoundException');
  });
});
