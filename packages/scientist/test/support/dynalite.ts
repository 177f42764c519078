import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { DynamoDbStore } from '../../src/aws/dynamodb-store.js';

export interface TestDynamoDb {
  readonly endpoint: string;
  readonly store: DynamoDbStore;
  /** Stops answering (connections refused) while keeping the data, as a store outage. */
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
  stop(): Promise<void>;
}

/** The scientist's table as serverless.yml declares it (pk/sk strings, on demand). */
export async function createScientistTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  // A table answers reads only once ACTIVE; on a busy machine CREATING can outlast the next call.
  for (let tries = 0; tries < 200; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const testCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A real DynamoDB API (dynalite, in memory) on an ephemeral port, with the scientist's table. */
export async function startDynamoDb(tableName = 'scientist-test'): Promise<TestDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dynalitePort = (server.address() as AddressInfo).port;
  // Clients reach dynalite through a relay that can be cut and restored: dynalite itself drops
  // its data when its server closes, and an outage must not lose what was stored before it.
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = createConnection(dynalitePort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const port = (relay.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const config = { endpoint, region: 'eu-west-1', credentials: testCredentials };
  const admin = new DynamoDBClient(config);
  await createScientistTable(admin, tableName);
  admin.destroy();
  const store = new DynamoDbStore({ tableName, config: { ...config, maxAttempts: 1 } });
  const cut = () =>
    new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    endpoint,
    store,
    goDown: cut,
    comeBack: () => new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve)),
    stop: async () => {
      store.destroy();
      if (relay.listening) await cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
