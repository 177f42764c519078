import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite is CommonJS and ships no types: this is the part of its API used here.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface DynamoDbOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where tables persist (a LevelDB directory); in memory when absent. */
  path?: string;
}

/**
 * DynamoDB in process (dynalite), speaking the DynamoDB wire API so `@aws-sdk/client-dynamodb`
 * works against it unchanged. Tables are ACTIVE at once: a fresh checkout should not wait the
 * seconds AWS takes.
 */
export class DynamoDb {
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(options: DynamoDbOptions): Promise<DynamoDb> {
    if (options.path) await mkdir(options.path, { recursive: true });
    const server = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(options.path ? { path: options.path } : {}),
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    return new DynamoDb(server, `http://${host}:${port}`);
  }

  /** Closes the port and the LevelDB store, so the next start can open it again. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}
