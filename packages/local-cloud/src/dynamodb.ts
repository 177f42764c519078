import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface DynamoDbOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where tables persist (a LevelDB directory); in memory when absent. */
  path?: string;
}

type WorkerMessage = { listening: number } | { failed: { message: string; code?: string } } | 'stopped';

/**
 * dynalite's server, run on a worker thread: its request handling (JSON, LevelDB) is CPU work,
 * and on the gateway's and Lambda's event loop it would delay the responses clients wait for.
 * The script is CommonJS evaluated in place, so the same code runs from `src/` and from `dist/`.
 */
const workerScript = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalite);
const server = dynalite(workerData.options);
server.once('error', (error) => parentPort.postMessage({ failed: { message: error.message, code: error.code } }));
server.listen(workerData.port, workerData.host, () => parentPort.postMessage({ listening: server.address().port }));
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  server.close(() => parentPort.postMessage('stopped'));
  server.closeAllConnections();
});
`;

/**
 * DynamoDB on one machine (dynalite), speaking the DynamoDB wire API so `@aws-sdk/client-dynamodb`
 * works against it unchanged. Tables are ACTIVE at once: a fresh checkout should not wait the
 * seconds AWS takes.
 */
export class DynamoDb {
  private constructor(
    private readonly worker: Worker,
    readonly endpoint: string,
  ) {}

  static async start(options: DynamoDbOptions): Promise<DynamoDb> {
    if (options.path) await mkdir(options.path, { recursive: true });
    const host = options.host ?? '127.0.0.1';
    const worker = new Worker(workerScript, {
      eval: true,
      workerData: {
        dynalite: createRequire(import.meta.url).resolve('dynalite'),
        options: {
          createTableMs: 0,
          deleteTableMs: 0,
          updateTableMs: 0,
          ...(options.path ? { path: options.path } : {}),
        },
        port: options.port,
        host,
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (message: WorkerMessage) => {
        worker.off('error', reject);
        if (typeof message === 'object' && 'listening' in message) return resolve(message.listening);
        const failure = typeof message === 'object' && 'failed' in message ? message.failed : undefined;
        const error = Object.assign(new Error(failure?.message ?? 'DynamoDB did not start'), {
          code: failure?.code,
        });
        void worker.terminate();
        reject(error);
      });
    });
    return new DynamoDb(worker, `http://${host}:${port}`);
  }

  /** Closes the port and the LevelDB store, so the next start can open it again. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      this.worker.once('message', (message: WorkerMessage) => {
        if (message === 'stopped') {
          clearTimeout(timer);
          resolve();
        }
      });
      this.worker.postMessage('stop');
    });
    await this.worker.terminate();
  }
}
