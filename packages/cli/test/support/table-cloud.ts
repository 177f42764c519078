import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import { type DynamoDbStore, openStore } from '@serverless-scientist/scientist';

/** The scientist's table, exactly as packages/scientist/serverless.yml declares it (its `resources:` block). */
function tableResources(): string {
  const source = readFileSync(new URL('../../../scientist/serverless.yml', import.meta.url), 'utf8');
  const resources = source.slice(source.indexOf('resources:'));
  return resources.slice(0, resources.indexOf('    ApiTokenSecret:'));
}

export interface TableCloud {
  /** The temporary directory everything lives in; removed by `stop`. */
  readonly dir: string;
  readonly cloud: LocalCloud;
  /** The DynamoDB endpoint, for `--endpoint`. */
  readonly endpoint: string;
  readonly store: DynamoDbStore;
  stop(): Promise<void>;
}

/**
 * A local cloud in a temporary directory with a service holding the scientist's table, for the
 * CLI's store commands; `functions` (serverless.yml lines, with `handler.mjs` answering 200 `1`)
 * and `environment` go into the same service when a test needs functions beside the table.
 */
export async function startTableCloud(
  prefix: string,
  service: { readonly functions?: string; readonly environment?: string } = {},
): Promise<TableCloud> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const serviceDir = path.join(dir, 'table');
  mkdirSync(serviceDir, { recursive: true });
  writeFileSync(
    path.join(serviceDir, 'handler.mjs'),
    'export const handler = async () => ({ statusCode: 200, body: "1" });\n',
  );
  writeFileSync(
    path.join(serviceDir, 'serverless.yml'),
    [
      'service: scientist',
      'frameworkVersion: "3"',
      'custom:',
      '  table: scientist-dev',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      ...(service.environment ? ['  environment:', service.environment] : []),
      ...(service.functions ? ['functions:', service.functions] : []),
      tableResources(),
    ].join('\n'),
  );
  const cloud = await startLocalCloud({
    root: dir,
    port: 0,
    stateDir: path.join(dir, '.scientist'),
    persist: false,
  });
  try {
    await cloud.deploy(serviceDir);
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  const endpoint = cloud.endpoints.dynamodb;
  const store = openStore({ endpoint });
  return {
    dir,
    cloud,
    endpoint,
    store,
    stop: async () => {
      store.destroy();
      await cloud.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
