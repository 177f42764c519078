import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, expect, test } from 'vitest';
import { DynamoDb } from '../src/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

test('tables are ACTIVE at once and items survive a restart', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dynamodb-'));
  dirs.push(dir);
  const first = await DynamoDb.start({ port: 0, path: path.join(dir, 'dynamodb') });
  const writer = client(first.endpoint);
  await writer.send(
    new CreateTableCommand({
      TableName: 'results',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const described = await writer.send(new DescribeTableCommand({ TableName: 'results' }));
  expect(described.Table?.TableStatus).toBe('ACTIVE');
  await writer.send(new PutItemCommand({ TableName: 'results', Item: { pk: { S: 'a' }, n: { N: '42' } } }));
  writer.destroy();
  await first.stop();

  const second = await DynamoDb.start({ port: 0, path: path.join(dir, 'dynamodb') });
  const reader = client(second.endpoint);
  try {
    const item = await reader.send(new GetItemCommand({ TableName: 'results', Key: { pk: { S: 'a' } } }));
    expect(item.Item).toEqual({ pk: { S: 'a' }, n: { N: '42' } });
  } finally {
    reader.destroy();
    await second.stop();
  }
});
