import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import type { DynamoDbStore } from '../../src/aws/dynamodb-store.js';
import { openStore } from '../../src/index.js';

const packageDir = path.resolve(import.meta.dirname, '../..');
export const fixturesDir = path.join(packageDir, 'test/fixtures/functions');

export interface LocalScientist {
  readonly cloud: LocalCloud;
  readonly store: DynamoDbStore;
  /** `http://127.0.0.1:<port>/scientist/dev` */
  readonly scientistUrl: string;
  /** `http://127.0.0.1:<port>/fixtures/dev` */
  readonly directUrl: string;
  readonly gatewayUrl: string;
  readonly stateDir: string;
  publishFixtures(transform?: (yaml: string) => string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The scientist as deployed: its real bundle (built by the global setup), deployed from its serverless.yml into a
 * local cloud beside the fixture functions, with the fixture experiments uploaded.
 */
export async function startLocalScientist(): Promise<LocalScientist> {
  const root = mkdtempSync(path.join(tmpdir(), 'scientist-e2e-'));
  const stateDir = path.join(root, '.scientist');
  const cloud = await startLocalCloud({ root, port: 0, stateDir, persist: false });
  try {
    await cloud.deploy(fixturesDir);
    await cloud.deploy(packageDir);
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  const store = openStore({ endpoint: cloud.endpoints.dynamodb, tableName: 'scientist-dev' });
  const fixtures = readFileSync(path.join(fixturesDir, 'experiments.yaml'), 'utf8');
  const scientist: LocalScientist = {
    cloud,
    store,
    stateDir,
    gatewayUrl: cloud.endpoints.gateway,
    scientistUrl: `${cloud.endpoints.gateway}/scientist/dev`,
    directUrl: `${cloud.endpoints.gateway}/fixtures/dev`,
    publishFixtures: async (transform = (yaml) => yaml) =>
      (await store.publishDefinition(transform(fixtures), 'upload')).version,
    stop: async () => {
      store.destroy();
      await cloud.stop();
      if (!process.env.KEEP_E2E) rmSync(root, { recursive: true, force: true });
    },
  };
  await scientist.publishFixtures();
  return scientist;
}

/** What the client sees, minus what differs on every response (date, request id). */
export async function clientView(url: string, init?: RequestInit) {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  const headers = [...response.headers].filter(
    ([name]) => !['date', 'x-amzn-requestid', 'apigw-requestid'].includes(name),
  );
  return { status: response.status, headers, body: body.toString('base64'), ms };
}
